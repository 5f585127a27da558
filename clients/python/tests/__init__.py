import logging

# The client warns on every first fallback; tests provoke many. assertLogs still sees them.
logging.getLogger("mlrs_client").addHandler(logging.NullHandler())
