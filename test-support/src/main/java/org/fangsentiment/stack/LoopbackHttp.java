package org.fangsentiment.stack;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.fangsentiment.concurrent.DaemonThreads;

/**
 * How the stack's own emulators listen: a JDK HTTP server on 127.0.0.1 and a free port, served by
 * a pool of named daemon threads, with TCP_NODELAY (the JDK server writes headers and body
 * separately; without it each response waits ~40 ms for the client's delayed ACK).
 */
record LoopbackHttp(HttpServer server, ExecutorService executor) {

    /** A server not yet serving; {@link #serve} starts it. */
    static LoopbackHttp create(String threadName, int threads) throws IOException {
        // Read once, when the server classes load: set before the first server of the JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService executor = Executors.newFixedThreadPool(threads, DaemonThreads.named(threadName));
        http.setExecutor(executor);
        return new LoopbackHttp(http, executor);
    }

    /**
     * A server whose handlers may block (SQS long polls): one daemon thread per request in flight,
     * so a waiting receive never holds up another request.
     */
    static LoopbackHttp createUnbounded(String threadName) throws IOException {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named(threadName));
        http.setExecutor(executor);
        return new LoopbackHttp(http, executor);
    }

    /** Answers every path with {@code handler}, from now on. */
    void serve(HttpHandler handler) {
        server.createContext("/", handler);
        server.start();
    }

    /** The URL clients use: {@code http://127.0.0.1:PORT}. */
    static URI endpointOf(HttpServer server) {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }
}
