package dev.cti.server.followup;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Agents set READY by hand, queues by hand, and the dials asked for, in order (request ids dial-1, dial-2...). */
final class FakeSeats implements Seats {
    /** A dial the scheduler asked for. */
    record Dialled(String agentId, String number, String requestId) {}

    final List<String> ready = new ArrayList<>();
    final Map<String, List<String>> queues = new LinkedHashMap<>();
    final List<Dialled> dials = new ArrayList<>();

    @Override
    public synchronized boolean ready(String agentId) {
        return ready.contains(agentId);
    }

    @Override
    public synchronized List<String> readyAgentsOf(String queueId) {
        return queues.getOrDefault(queueId, List.of()).stream().filter(ready::contains).toList();
    }

    @Override
    public synchronized Future<String> dial(String agentId, String number) {
        if (!ready.contains(agentId)) {
            return Future.failedFuture(new IllegalStateException(agentId + " is not READY"));
        }
        ready.remove(agentId); // DIALING now
        String id = "dial-" + (dials.size() + 1);
        dials.add(new Dialled(agentId, number, id));
        return Future.succeededFuture(id);
    }
}
