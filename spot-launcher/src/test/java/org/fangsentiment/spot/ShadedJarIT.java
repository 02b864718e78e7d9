package org.fangsentiment.spot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shaded jar as a user runs it: {@code java -jar target/spot-launcher.jar}, configured only by
 * the environment (AWS_ENDPOINT_URL, AWS_REGION, keys), against the same backend.
 */
@ExtendWith(Ec2BackendExtension.class)
class ShadedJarIT {

    private static Ec2Backend backend;
    private static Path jar;

    private record Result(int exitCode, String output, String errors) {
    }

    @BeforeAll
    static void locate(Ec2Backend started) {
        backend = started;
        jar = Path.of(System.getProperty("spot.launcher.jar", "target/spot-launcher.jar"));
        assertTrue(Files.isRegularFile(jar), "the shaded jar must be built before the integration tests: " + jar);
    }

    private static Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path errors = Files.createTempFile(Path.of("target"), "jar-stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ENDPOINT_URL", backend.endpoint().toString()); // the SDK's own override, no --endpoint
        env.put("AWS_REGION", backend.region());
        env.put("AWS_ACCESS_KEY_ID", Ec2Backend.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", Ec2Backend.SECRET_KEY);
        env.put("AWS_CONFIG_FILE", new File("target/no-aws-config").getAbsolutePath());
        env.put("AWS_SHARED_CREDENTIALS_FILE", new File("target/no-aws-credentials").getAbsolutePath());
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "jar finished");
        Result result = new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8), Files.readString(errors));
        Files.delete(errors);
        System.out.println("$ java -jar " + jar + " " + String.join(" ", args) + "\n" + result.output() + result.errors()
                + "(exit " + result.exitCode() + ")");
        // Nothing on stderr when all went well: no logging-binding warnings or stack traces.
        if (result.exitCode() == 0) {
            assertEquals("", result.errors(), "stderr of a successful run");
        }
        return result;
    }

    @Test
    void printsHelpAndVersion() throws Exception {
        Result help = java("--help");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().contains("launch") && help.output().contains("terminate"), help.output());
        Result version = java("--version");
        assertEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().startsWith("spot-launcher 1."), version.output());
    }

    @Test
    void honoursAwsEndpointUrlForEveryCommand() throws Exception {
        Result prices = java("prices", "--instance-type", "m5.large");
        assertEquals(0, prices.exitCode(), prices.output());
        assertTrue(prices.output().startsWith("ZONE"), prices.output());

        Result dryRun = java("launch", "--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun.output());
        assertTrue(dryRun.output().contains("would have succeeded"), dryRun.output());
        assertTrue(dryRun.output().contains("al2023-ami-kernel-default-x86_64"), dryRun.output());

        Result launched = java("launch", "--instance-type", "t3.micro", "--duration", "10", "--json");
        assertEquals(0, launched.exitCode(), launched.output());
        String id = Json.mapper().readTree(launched.output()).get("instanceId").asText();

        Result list = java("list");
        assertEquals(0, list.exitCode(), list.output());
        assertTrue(list.output().contains(id), list.output());

        Result terminate = java("terminate", id);
        assertEquals(0, terminate.exitCode(), terminate.output());
        assertTrue(terminate.output().contains(id), terminate.output());
    }

    @Test
    void aBlankRegionFallsBackToAwsRegion() throws Exception {
        Result result = java("list", "--region", "");
        assertEquals(0, result.exitCode(), result::toString);
    }

    @Test
    void carriesNoPipelineServicesAndOnlyTheUrlConnectionClient() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> unwanted = file.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("software/amazon/awssdk/services/dynamodb/")
                            || n.startsWith("software/amazon/awssdk/services/s3/")
                            || n.startsWith("software/amazon/awssdk/services/sqs/")
                            || n.startsWith("software/amazon/awssdk/http/apache")
                            || n.startsWith("software/amazon/awssdk/http/nio/netty/")
                            || n.startsWith("org/apache/http/")
                            || n.startsWith("org/apache/hc/"))
                    .limit(5).toList();
            assertEquals(List.of(), unwanted);
            assertTrue(file.getEntry("software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class") != null);
            assertTrue(file.getEntry("org/fangsentiment/spot/SpotLauncher.class") != null);
        }
        // The EC2 and SSM SDK modules alone are about 32 MiB; the bound catches a stray dependency tree.
        long megabytes = Files.size(jar) / (1024 * 1024);
        assertTrue(megabytes < 45, "jar stays small: " + megabytes + " MiB");
    }
}
