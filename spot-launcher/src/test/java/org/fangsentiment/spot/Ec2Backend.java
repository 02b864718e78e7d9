package org.fangsentiment.spot;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.fangsentiment.stack.AwsBackendDocker;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * A real EC2 (and SSM) endpoint for the integration tests: LocalStack in Docker when a Docker
 * engine is reachable, else {@code moto_server} started as a child process on a free loopback port.
 *
 * <p>Neither available is a test failure, never a skip: a skipped integration test in CI is an
 * integration test that does not exist.
 */
final class Ec2Backend implements AutoCloseable {

    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "test";
    static final String SECRET_KEY = "test";
    private static final Duration MOTO_STARTUP = Duration.ofSeconds(90);

    private final String name;
    private final URI endpoint;
    private final String region;
    private final AutoCloseable resource;
    private final Thread shutdownHook;

    private Ec2Backend(String name, URI endpoint, String region, AutoCloseable resource) {
        this.name = name;
        this.endpoint = endpoint;
        this.region = region;
        this.resource = resource;
        // Safety net: never leave a moto_server or container behind, even if the JVM is cut short.
        this.shutdownHook = new Thread(this::stopQuietly, "ec2-backend-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts LocalStack or moto, whichever this machine offers, and says loudly which. */
    static Ec2Backend start() {
        Ec2Backend backend;
        String why;
        // Docker alone is not enough: without LocalStack's image and a registry, Testcontainers would hang.
        AwsBackendDocker.Verdict docker = AwsBackendDocker.check(AwsBackendDocker.localStackImage());
        if (docker.usable()) {
            backend = startLocalStack();
            why = docker.reason();
        } else {
            why = docker.reason() + "; moto_server is on PATH";
            Optional<Path> moto = findOnPath("moto_server");
            if (moto.isEmpty()) {
                throw new IllegalStateException("No EC2 backend for the integration tests: LocalStack cannot run ("
                        + docker.reason() + ") and moto_server is not on PATH. Install it with"
                        + " `pip install 'moto[server]==5.2.1'` or start Docker. These tests must not be skipped.");
            }
            backend = startMoto(moto.get());
        }
        // The credentials the CLI's default chain finds first, so in-process runs need no environment.
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        banner("EC2 INTEGRATION TESTS RUN AGAINST: " + backend.name + " at " + backend.endpoint + " (" + why + ")");
        return backend;
    }

    String name() {
        return name;
    }

    URI endpoint() {
        return endpoint;
    }

    String region() {
        return region;
    }

    /** An EC2 client for setting up and checking state behind the CLI's back. */
    Ec2Client ec2() {
        return Ec2Client.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** An SSM client, likewise. */
    SsmClient ssm() {
        return SsmClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or ran
        }
    }

    private synchronized void stopQuietly() {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("Could not stop " + name + ": " + e);
        }
    }

    private static Ec2Backend startLocalStack() {
        String image = AwsBackendDocker.localStackImage();
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image))
                .withServices(LocalStackContainer.Service.EC2, LocalStackContainer.Service.SSM);
        container.start();
        return new Ec2Backend("LocalStack (" + image + ", Testcontainers)", container.getEndpoint(),
                container.getRegion(), container::stop);
    }

    private static Ec2Backend startMoto(Path executable) {
        int port = freeLoopbackPort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        File log = new File("target", "moto_server-" + port + ".log");
        Process process;
        try {
            log.getParentFile().mkdirs();
            process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + executable + ": " + e, e);
        }
        AutoCloseable stop = () -> kill(process);
        Instant deadline = Instant.now().plus(MOTO_STARTUP);
        try {
            while (!answers(endpoint)) {
                // Waiting on the process doubles as the poll interval and notices an early exit at once.
                if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("moto_server exited with code " + process.exitValue()
                            + " before answering; its output:\n" + readQuietly(log.toPath()));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("moto_server did not answer on " + endpoint + " within "
                            + MOTO_STARTUP.toSeconds() + " s; its output:\n" + readQuietly(log.toPath()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new IllegalStateException("interrupted while waiting for moto_server", e);
        } catch (RuntimeException e) {
            kill(process);
            throw e;
        }
        return new Ec2Backend("moto_server (Python moto, " + executable + ", pid " + process.pid() + ", log " + log + ")",
                endpoint, REGION, stop);
    }

    private static boolean answers(URI endpoint) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(5000);
            try {
                return connection.getResponseCode() > 0;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static void kill(Process process) {
        // moto_server may be a shim (pyenv) around the Python process: stop the whole tree.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    private static Optional<Path> findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void banner(String message) {
        String line = "=".repeat(Math.min(120, message.length() + 8));
        String text = "\n" + line + "\n=== " + message + "\n" + line + "\n";
        System.out.println(text);
        System.out.flush();
    }
}
