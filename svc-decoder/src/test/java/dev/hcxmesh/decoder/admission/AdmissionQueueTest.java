package dev.hcxmesh.decoder.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcxmesh.api.v1.ErrorCode;
import dev.hcxmesh.decoder.engine.EngineException;
import dev.hcxmesh.decoder.engine.EngineInfo;
import dev.hcxmesh.decoder.engine.LanguageEngine;
import dev.hcxmesh.decoder.engine.SequenceHandle;
import dev.hcxmesh.decoder.engine.SequenceRequest;
import dev.hcxmesh.decoder.engine.TokenSink;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionQueueTest {

    /** Records starts; sequences finish only when the test says so. */
    static class ManualEngine implements LanguageEngine {
        final List<SequenceRequest> started = new ArrayList<>();
        final List<TokenSink> sinks = new ArrayList<>();
        int cancels;

        @Override
        public EngineInfo info() {
            return new EngineInfo("manual", 1, 10, 100, true);
        }

        @Override
        public synchronized SequenceHandle start(SequenceRequest request, TokenSink sink) {
            started.add(request);
            sinks.add(sink);
            return () -> cancels++;
        }

        void finish(int i) {
            sinks.get(i).onFinish(TokenSink.FinishReason.STOP, 1, 1, null);
        }

        List<String> order() {
            return started.stream().map(SequenceRequest::id).toList();
        }

        @Override
        public void close() {}
    }

    static final class RecordingSink implements TokenSink {
        TokenSink.FinishReason reason;
        Throwable error;

        @Override
        public void onToken(int token, float logprob) {}

        @Override
        public void onFinish(FinishReason reason, int promptTokens, int completionTokens, Throwable error) {
            this.reason = reason;
            this.error = error;
        }
    }

    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    static SequenceRequest req(String id, String tenant, int priority, Instant deadline) {
        return new SequenceRequest(id, new int[] {1, 2}, List.of(), logits -> null, 4, priority, tenant, deadline);
    }

    private final ManualEngine engine = new ManualEngine();
    private final AdmissionQueue q =
            new AdmissionQueue(engine, new AdmissionQueue.Limits(1, 3, 1), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void fullQueueIsRefusedWithQueueFull() {
        q.submit(req("run", "a", 2, null), new RecordingSink());
        q.submit(req("w1", "a", 2, null), new RecordingSink());
        q.submit(req("w2", "b", 2, null), new RecordingSink());
        assertThatThrownBy(() -> q.submit(req("w3", "a", 2, null), new RecordingSink()))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("tenant 'a'")
                .satisfies(e -> assertThat(((EngineException) e).code()).isEqualTo(ErrorCode.QUEUE_FULL));
        q.submit(req("w3", "c", 2, null), new RecordingSink());
        assertThatThrownBy(() -> q.submit(req("w4", "d", 2, null), new RecordingSink()))
                .hasMessageContaining("capacity 3");
        assertThat(q.waiting()).isEqualTo(3);
    }

    @Test
    void urgentRunsBeforeBulkAndTenantsTakeTurns() {
        q.submit(req("run", "a", 2, null), new RecordingSink());
        q.submit(req("bulk", "a", 1, null), new RecordingSink());
        q.submit(req("urgent", "b", 3, null), new RecordingSink());
        engine.finish(0);
        assertThat(engine.order()).containsExactly("run", "urgent");
        engine.finish(1);
        assertThat(engine.order()).containsExactly("run", "urgent", "bulk");

        // fairness: tenant "a" has one running; the waiting request of "c" goes before a's second one
        AdmissionQueue fair = new AdmissionQueue(engine, new AdmissionQueue.Limits(2, 8, 8), Clock.systemUTC());
        engine.started.clear();
        engine.sinks.clear();
        fair.submit(req("a1", "a", 2, null), new RecordingSink());
        fair.submit(req("b1", "b", 2, null), new RecordingSink());
        fair.submit(req("a2", "a", 2, null), new RecordingSink());
        fair.submit(req("c1", "c", 2, null), new RecordingSink());
        engine.finish(1); // b1 done: a has 1 running, c has 0 → c1 first
        assertThat(engine.order()).containsExactly("a1", "b1", "c1");
    }

    @Test
    void cancelledWhileWaitingNeverStartsAndExpiredDeadlineFinishesWithDeadline() {
        q.submit(req("run", "a", 2, null), new RecordingSink());
        RecordingSink cancelled = new RecordingSink();
        SequenceHandle h = q.submit(req("gone", "b", 2, null), cancelled);
        RecordingSink late = new RecordingSink();
        q.submit(req("late", "c", 2, NOW.minusSeconds(1)), late);
        h.cancel();
        assertThat(cancelled.reason).isEqualTo(TokenSink.FinishReason.CANCELLED);
        engine.finish(0);
        assertThat(late.reason).isEqualTo(TokenSink.FinishReason.DEADLINE);
        assertThat(((EngineException) late.error).code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
        assertThat(engine.order()).containsExactly("run");
        assertThat(q.running()).isZero();
    }

    @Test
    void immediateEngineRefusalIsThrownAndFreesTheSlot() {
        LanguageEngine refusing = new ManualEngine() {
            @Override
            public synchronized SequenceHandle start(SequenceRequest request, TokenSink sink) {
                throw new EngineException(ErrorCode.CONTEXT_TOO_LONG, "too long");
            }
        };
        AdmissionQueue r = new AdmissionQueue(refusing, new AdmissionQueue.Limits(1, 1, 1), Clock.systemUTC());
        assertThatThrownBy(() -> r.submit(req("x", "a", 2, null), new RecordingSink()))
                .hasMessage("too long");
        assertThat(r.running()).isZero();
    }
}
