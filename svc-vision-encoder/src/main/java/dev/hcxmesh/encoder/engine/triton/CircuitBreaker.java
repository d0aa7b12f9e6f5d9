package dev.hcxmesh.encoder.engine.triton;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A minimal circuit breaker: after {@code threshold} consecutive failures it opens for {@code
 * openFor}; then one trial call is let through (half-open), whose success closes it and whose
 * failure opens it again. Thread-safe.
 */
final class CircuitBreaker {
    /** Breaker state. */
    enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int threshold;
    private final long openForNanos;
    private final LongSupplier nanoClock;
    private State state = State.CLOSED;
    private int failures;
    private long openedAt;
    private boolean trialInFlight;

    CircuitBreaker(int threshold, Duration openFor, LongSupplier nanoClock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("breaker threshold must be >= 1, got " + threshold);
        }
        this.threshold = threshold;
        this.openForNanos = openFor.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Whether a call may go out now; a half-open breaker admits one trial at a time. */
    synchronized boolean allow() {
        if (state == State.OPEN && nanoClock.getAsLong() - openedAt >= openForNanos) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (trialInFlight) {
                    yield false;
                }
                trialInFlight = true;
                yield true;
            }
        };
    }

    synchronized void onSuccess() {
        state = State.CLOSED;
        failures = 0;
        trialInFlight = false;
    }

    synchronized void onFailure() {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openedAt = nanoClock.getAsLong();
            trialInFlight = false;
        }
    }

    synchronized State state() {
        if (state == State.OPEN && nanoClock.getAsLong() - openedAt >= openForNanos) {
            return State.HALF_OPEN;
        }
        return state;
    }
}
