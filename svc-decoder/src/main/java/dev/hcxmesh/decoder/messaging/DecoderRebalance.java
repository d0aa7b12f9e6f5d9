package dev.hcxmesh.decoder.messaging;

import dev.hcxmesh.common.kafka.AnsweredRequests;
import dev.hcxmesh.decoder.admission.DecoderConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code decoder-in} consumer's rebalance listener ({@code consumer-rebalance-listener.name}); it
 * runs on the consumer's thread, inside its poll, so no record moves meanwhile.
 *
 * <ul>
 *   <li>Revoked (or lost): requests this instance is generating publish their results first, joins not
 *       started are dropped ({@link JoinConsumer#revoked}). The connector has committed what was
 *       acknowledged before this runs; the rest is replayed to the next owner.
 *   <li>Assigned: the results the replay may repeat are read first ({@link AnsweredRequests}).
 * </ul>
 *
 * With the eager range assignor every member revokes before any is assigned, so a result published
 * during revocation is on the broker when the next owner reads {@code hcx.results}.
 */
@ApplicationScoped
@Identifier(DecoderRebalance.NAME)
public class DecoderRebalance implements KafkaConsumerRebalanceListener {
    /** The name application.properties gives {@code decoder-in}'s listener. */
    public static final String NAME = "decoder-in-rebalance";

    @Inject
    AnsweredRequests answered;

    @Inject
    JoinConsumer join;

    @Inject
    DecoderConfig config;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        answered.onPartitionsAssigned(consumer, partitions);
        join.assigned(partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        join.revoked(partitions, config.admission().revokeWait());
    }
}
