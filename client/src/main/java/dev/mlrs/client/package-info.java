/**
 * The library a training job embeds to get its learning rates from the mlrs service.
 *
 * <p>{@link dev.mlrs.client.LrClient#attach} connects a job ({@link dev.mlrs.client.JobOptions}) to a
 * deployment ({@link dev.mlrs.client.ClientSettings}); {@link dev.mlrs.client.LrClient#report} sends
 * one step's loss and returns that step's LR, or the job's {@link dev.mlrs.client.FallbackSchedule}
 * when the service does not answer in time. LEARN jobs also send a validation hypergradient every
 * k-th step ({@link dev.mlrs.client.LrClient#reportValidation}). Package {@code dev.mlrs.client.dl4j}
 * wires all of this into a DL4J network.
 */
package dev.mlrs.client;
