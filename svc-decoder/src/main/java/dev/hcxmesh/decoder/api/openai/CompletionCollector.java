package dev.hcxmesh.decoder.api.openai;

import dev.hcxmesh.decoder.api.GenerationListener;
import dev.hcxmesh.decoder.engine.EngineException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Hands a generation's events from engine threads to the HTTP worker thread: deltas, then one
 * {@link GenerationListener.Done} or {@link EngineException}. The queue holds at most max_tokens + 2
 * events, so it is bounded by the request itself.
 */
final class CompletionCollector implements GenerationListener {
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Override
    public void onDelta(Delta delta) {
        events.add(delta);
    }

    @Override
    public void onDone(Done done) {
        events.add(done);
    }

    @Override
    public void onError(EngineException error) {
        events.add(error);
    }
}
