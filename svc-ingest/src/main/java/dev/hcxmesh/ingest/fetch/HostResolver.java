package dev.hcxmesh.ingest.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** DNS lookup seam (tests substitute a fake resolver to simulate rebinding or private answers). */
@FunctionalInterface
public interface HostResolver {
    /** All addresses of {@code host}. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JDK resolver. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
}
