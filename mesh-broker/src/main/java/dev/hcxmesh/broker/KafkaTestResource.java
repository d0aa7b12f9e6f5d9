package dev.hcxmesh.broker;

/**
 * Quarkus test resource: one real in-JVM KRaft broker per annotated test class, with the mesh topics
 * created. Use with {@code @QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass
 * = true)}. {@link SeededKafkaTestResource} also writes records before the application starts.
 */
public final class KafkaTestResource extends SeededKafkaTestResource {
    @Override
    protected void seed(String bootstrap) {} // an empty broker
}
