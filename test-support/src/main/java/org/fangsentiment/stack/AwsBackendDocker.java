package org.fangsentiment.stack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * Whether LocalStack can start here through Testcontainers, decided in seconds and without starting
 * anything: a Docker engine must answer, and every image the start needs (LocalStack's, and Testcontainers'
 * Ryuk reaper unless {@code TESTCONTAINERS_RYUK_DISABLED}) must be present locally or pullable, the registry
 * answering within {@link #REGISTRY_ANSWER}. Testcontainers itself would retry an unreachable registry for
 * minutes, inside {@code DockerClientFactory.isDockerAvailable()} already (it starts Ryuk there), so this
 * asks the daemon directly, with a client of its own. {@link AwsBackend} and the spot launcher's EC2 backend
 * use it; both fall back to a backend without Docker and print the {@link Verdict#reason()}.
 */
public final class AwsBackendDocker {

    /**
     * The reaper image Testcontainers 1.21 starts with the first container ({@code RyukContainer}, not public);
     * check it when upgrading Testcontainers.
     */
    static final String RYUK_IMAGE = "testcontainers/ryuk:0.12.0";

    /** The system property naming the LocalStack image. */
    public static final String LOCALSTACK_IMAGE_PROPERTY = "fang.localstack.image";

    /** How long a registry may take to start answering a pull before the image counts as unavailable. */
    public static final Duration REGISTRY_ANSWER = Duration.ofSeconds(5);

    /** A pull that started is let finish (LocalStack's image is ~1 GB), but not forever. */
    private static final Duration PULL_LIMIT = Duration.ofMinutes(10);

    private AwsBackendDocker() {
    }

    /**
     * The answer: whether LocalStack can start, and a reason fit for the backend banner either way.
     *
     * @param usable true when Docker answers and every image is here (or was just pulled)
     * @param reason one line saying why
     */
    public record Verdict(boolean usable, String reason) {
    }

    /**
     * The LocalStack image, pinned once in the parent POM ({@code localstack.image}) and handed to every
     * test JVM by failsafe as {@value #LOCALSTACK_IMAGE_PROPERTY}.
     */
    public static String localStackImage() {
        String image = System.getProperty(LOCALSTACK_IMAGE_PROPERTY);
        if (image == null || image.isBlank()) {
            throw new IllegalStateException("LocalStack was considered but -D" + LOCALSTACK_IMAGE_PROPERTY
                    + " is not set: run the tests through Maven, which sets it from the parent POM's localstack.image");
        }
        return image;
    }

    /** Whether {@code localStackImage} can be started here (see the class comment). Never blocks for long. */
    public static Verdict check(String localStackImage) {
        DockerClient client;
        try {
            // Finds and pings the engine the way Testcontainers will, but starts nothing (no Ryuk yet).
            client = DockerClientProviderStrategy.getClientForConfig(DockerClientFactory.instance().getTransportConfig());
        } catch (RuntimeException | LinkageError e) {
            return new Verdict(false, "no Docker engine answers");
        }
        try (DockerClient closing = client) {
            return check(closing, requiredImages(localStackImage), REGISTRY_ANSWER);
        } catch (IOException e) {
            return new Verdict(false, "the Docker client failed: " + e.getMessage());
        }
    }

    /** The images a LocalStack start pulls, after Testcontainers' own name substitution. */
    static List<String> requiredImages(String localStackImage) {
        List<String> images = new ArrayList<>();
        images.add(substituted(localStackImage));
        if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            images.add(substituted(RYUK_IMAGE));
        }
        return images;
    }

    private static String substituted(String image) {
        return ImageNameSubstitutor.instance().apply(DockerImageName.parse(image)).asCanonicalNameString();
    }

    /** Each image present, or pulled after the registry answered within {@code answerWithin}; else why not. */
    static Verdict check(DockerClient client, List<String> images, Duration answerWithin) {
        List<String> pulled = new ArrayList<>();
        for (String image : images) {
            if (present(client, image)) {
                continue;
            }
            String failure = pull(client, image, answerWithin);
            if (failure != null) {
                return new Verdict(false, "Docker answers, but the image " + image + " is not present and " + failure);
            }
            pulled.add(image);
        }
        return new Verdict(true, pulled.isEmpty() ? "Docker answers and " + images + " are present"
                : "Docker answers; pulled " + pulled);
    }

    static boolean present(DockerClient client, String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Null once the image is here; otherwise why it could not be pulled. */
    private static String pull(DockerClient client, String image, Duration answerWithin) {
        DockerImageName name = DockerImageName.parse(image);
        CountDownLatch answered = new CountDownLatch(1);
        PullImageResultCallback callback = new PullImageResultCallback() {
            @Override
            public void onNext(PullResponseItem item) {
                answered.countDown();
                super.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
                answered.countDown();
                super.onError(throwable);
            }

            @Override
            public void onComplete() {
                answered.countDown();
                super.onComplete();
            }
        };
        try {
            client.pullImageCmd(name.getUnversionedPart()).withTag(name.getVersionPart()).exec(callback);
            if (!answered.await(answerWithin.toMillis(), TimeUnit.MILLISECONDS)) {
                return "no registry answered a pull within " + answerWithin.toSeconds() + " s";
            }
            if (!callback.awaitCompletion(PULL_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
                return "its pull did not finish within " + PULL_LIMIT.toMinutes() + " min";
            }
            return present(client, image) ? null : "its pull ended without the image";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the pull was interrupted";
        } catch (RuntimeException e) {
            // The daemon's reason: DNS failure, no such repository, access denied.
            return "cannot be pulled: " + firstLine(e.getMessage());
        } finally {
            closeQuietly(callback);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static void closeQuietly(PullImageResultCallback callback) {
        try {
            callback.close();
        } catch (IOException e) {
            // The verdict is made; a callback that cannot close changes nothing.
        }
    }
}
