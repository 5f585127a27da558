"""docs/protocol.md split into what the vector tests read (the same reading as the Java ProtocolDocTest)."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
PAGE = REPO / "docs" / "protocol.md"


def _level(line):
    match = re.match(r"^(#+) ", line)
    return len(match.group(1)) if match else 0


class ProtocolDoc:
    def __init__(self, lines):
        self.lines = lines

    @classmethod
    def load(cls):
        return cls(PAGE.read_text("utf-8").splitlines())

    def section(self, heading):
        if heading not in self.lines:
            raise AssertionError(f"docs/protocol.md has no heading {heading!r}")
        start = self.lines.index(heading)
        level = _level(heading)
        end = start + 1
        while end < len(self.lines) and not 0 < _level(self.lines[end]) <= level:
            end += 1
        return ProtocolDoc(self.lines[start + 1:end])

    def subsections(self, prefix):
        starts = [i for i, line in enumerate(self.lines) if line.startswith(prefix)]
        return [ProtocolDoc(self.lines[s:e]) for s, e in zip(starts, starts[1:] + [len(self.lines)])]

    def table(self):
        """(header cells, rows of cells) of the first table, backticks removed."""
        rows = [self._cells(line) for line in self.lines if line.startswith("|")]
        return rows[0], rows[2:]

    def block(self, info):
        for i, line in enumerate(self.lines):
            if line.startswith("```") and line[3:].strip() == info:
                end = next(j for j in range(i + 1, len(self.lines)) if self.lines[j].startswith("```"))
                return "\n".join(self.lines[i + 1:end])
        raise AssertionError(f"no ```{info} block in {self.lines[0]!r}")

    @staticmethod
    def _cells(line):
        return [cell.strip().replace("`", "") for cell in line.strip()[1:-1].split("|")]
