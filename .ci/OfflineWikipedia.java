import org.fangsentiment.wikipedia.offline.OfflineWikipediaServer;

/**
 * Serves the bundled offline Wikipedia summaries until killed, and prints the URL first. For
 * .ci/worker-image-check: {@code java -cp local/target/fang-local.jar .ci/OfflineWikipedia.java}.
 */
public final class OfflineWikipedia {
    public static void main(String[] args) throws Exception {
        OfflineWikipediaServer server = OfflineWikipediaServer.start();
        System.out.println(server.baseUri());
        System.out.flush();
        Thread.currentThread().join();
    }
}
