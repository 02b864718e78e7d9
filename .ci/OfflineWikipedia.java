import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.fangsentiment.benchmarks.RealisticLeads;
import org.fangsentiment.wikipedia.offline.OfflineWikipediaServer;

/**
 * Serves offline Wikipedia summaries until killed, and prints the URL first. For .ci/worker-image-check:
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar .ci/OfflineWikipedia.java                       the bundled sample
 *   java -cp benchmarks/target/benchmarks.jar .ci/OfflineWikipedia.java --leads N ITEMS.json  also N realistic leads
 * </pre>
 * With {@code --leads} it first writes the N companies ({@code Benchco 0001}...) as an items file for
 * {@code fang-local invoke producer --items}, and serves their leads ({@code RealisticLeads}) beside the sample.
 */
public final class OfflineWikipedia {
    public static void main(String[] args) throws Exception {
        OfflineWikipediaServer server;
        if (args.length == 3 && args[0].equals("--leads")) {
            Map<String, String> leads = RealisticLeads.of(Integer.parseInt(args[1]));
            // The names are generated (Benchco 0001...), so they need no JSON escaping.
            String items = leads.keySet().stream().map(name -> "  {\"name\": \"" + name + "\"}")
                    .collect(Collectors.joining(",\n", "[\n", "\n]\n"));
            Files.writeString(Path.of(args[2]), items, StandardCharsets.UTF_8);
            server = OfflineWikipediaServer.startServing(leads);
        } else if (args.length == 0) {
            server = OfflineWikipediaServer.start();
        } else {
            System.err.println("usage: OfflineWikipedia [--leads N ITEMS.json]");
            System.exit(2);
            return;
        }
        System.out.println(server.baseUri());
        System.out.flush();
        Thread.currentThread().join();
    }
}
