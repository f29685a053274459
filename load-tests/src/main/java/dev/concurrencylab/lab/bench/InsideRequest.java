package dev.concurrencylab.lab.bench;

import java.util.List;

import dev.concurrencylab.lab.topology.LabException;

/**
 * An HTTP request to a replica's management port made from inside its container or pod, where the
 * port is not published: bash's /dev/tcp, as the image's healthcheck does. Compose runs it with
 * {@code docker exec}, Kubernetes with {@code kubectl exec}; both read back the status line.
 */
final class InsideRequest {

    /** The management port inside every lab image (services/Dockerfile, k8s/base). */
    private static final int MANAGEMENT_PORT = 8081;

    private InsideRequest() {
    }

    /** The command to run in the replica: it prints the response's status line. */
    static List<String> command(String method, String path, String jsonBody) {
        // the body is bash's $1, never part of the script, so no quoting can break out of it
        String script = "exec 3<>/dev/tcp/127.0.0.1/%d && printf '%s %s HTTP/1.0\\r\\nContent-Type: application/json\\r\\n"
                .formatted(MANAGEMENT_PORT, method, path)
                + "Content-Length: %d\\r\\n\\r\\n%s' \"${#1}\" \"$1\" >&3 && head -1 <&3";
        return List.of("bash", "-c", script, "lab", jsonBody);
    }

    /** The status of the status line the command printed, or why the replica did not answer. */
    static int status(String printed, String replica, String method, String path) {
        String statusLine = printed.strip();
        String[] parts = statusLine.split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            throw new LabException("%s did not answer %s %s on its management port: %s".formatted(replica, method, path,
                    statusLine.isEmpty() ? "no answer" : statusLine));
        }
        return Integer.parseInt(parts[1]);
    }
}
