package dev.hcxmesh.ingest.jobs;

import dev.hcxmesh.common.kafka.KafkaMessages;
import dev.hcxmesh.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Feeds the {@link JobBoard} from the progress and results topics (every ingest instance reads all). */
@ApplicationScoped
public class JobEventsConsumer {
    private static final Logger LOG = Logger.getLogger(JobEventsConsumer.class);

    @Inject
    JobBoard board;

    @Incoming("job-events-in")
    public CompletionStage<Void> consume(Message<byte[]> message) {
        String topic = KafkaMessages.topicOf(message);
        try {
            if (topic.equals(Topics.RESULTS.name())) {
                board.onResult(Topics.RESULTS.parse(message.getPayload()).getResult());
            } else if (topic.equals(Topics.PROGRESS.name())) {
                board.onProgress(Topics.PROGRESS.parse(message.getPayload()).getProgress());
            }
        } catch (RuntimeException e) {
            // the stage that wrote a bad event owns its dead letter; a read-only view just skips it
            LOG.warnf("skipping unreadable %s record: %s", topic, e.getMessage());
        }
        return message.ack();
    }
}
