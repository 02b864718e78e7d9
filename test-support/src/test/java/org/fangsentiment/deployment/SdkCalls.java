package org.fangsentiment.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.AwsRequest;

/**
 * The AWS API calls a function's code makes, read from its main sources: every call of an SDK
 * operation on a variable, field or parameter of an SDK client type, or on {@code AwsClients}'
 * accessors, as IAM actions ({@code SendMessageBatch} is {@code sqs:SendMessage}). Read from the
 * sources rather than recorded in tests so that a call on a path no test takes still counts: a new
 * call fails {@code DeploymentSecurityTest} until the role grants it.
 */
final class SdkCalls {

    private static final Pattern CLIENT_IMPORT =
            Pattern.compile("import software\\.amazon\\.awssdk\\.services\\.(\\w+)\\.(\\w+Client);");
    /** What {@code AwsClients} hands out, by accessor: the same clients, reached without a variable. */
    private static final Map<String, String> ACCESSORS = Map.of(
            "dynamoDb", "software.amazon.awssdk.services.dynamodb.DynamoDbClient",
            "sqs", "software.amazon.awssdk.services.sqs.SqsClient",
            "s3", "software.amazon.awssdk.services.s3.S3Client",
            "comprehend", "software.amazon.awssdk.services.comprehend.ComprehendClient");
    /** Batch operations IAM authorises with the single action. */
    private static final Map<String, String> BATCH_ACTIONS = Map.of(
            "sqs:SendMessageBatch", "sqs:SendMessage",
            "sqs:DeleteMessageBatch", "sqs:DeleteMessage",
            "sqs:ChangeMessageVisibilityBatch", "sqs:ChangeMessageVisibility");

    private SdkCalls() {
    }

    /** The IAM actions of every SDK operation called in the {@code .java} files under these directories. */
    static Set<String> actionsIn(Path... sourceDirectories) {
        Set<String> actions = new TreeSet<>();
        for (Path directory : sourceDirectories) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    actions.addAll(actionsInFile(Files.readString(file)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return actions;
    }

    static Set<String> actionsInFile(String source) {
        Set<String> actions = new HashSet<>();
        Matcher imports = CLIENT_IMPORT.matcher(source);
        while (imports.find()) {
            String service = imports.group(1);
            String type = imports.group(2);
            Set<String> operations = operationsOf("software.amazon.awssdk.services." + service + "." + type);
            Matcher declared = Pattern.compile("\\b" + type + "\\s+(\\w+)\\s*[,;)=]").matcher(source);
            while (declared.find()) {
                // Not after a dot or a letter, so that other.sqs or mysqs is not taken for it; this.sqs is.
                actions.addAll(calls(source, "(?<![\\w.])(?:this\\.)?" + Pattern.quote(declared.group(1)), service,
                        operations));
            }
        }
        for (Map.Entry<String, String> accessor : ACCESSORS.entrySet()) {
            String className = accessor.getValue();
            String service = className.split("\\.")[4];
            actions.addAll(calls(source, "\\." + accessor.getKey() + "\\(\\s*\\)", service, operationsOf(className)));
        }
        return actions;
    }

    private static Set<String> calls(String source, String receiver, String iamService, Set<String> operations) {
        Set<String> actions = new HashSet<>();
        Matcher call = Pattern.compile(receiver + "\\s*\\.\\s*(\\w+)\\s*\\(").matcher(source);
        while (call.find()) {
            String method = call.group(1).replaceFirst("Paginator$", "");
            if (operations.contains(method)) {
                String action = iamService + ":" + Character.toUpperCase(method.charAt(0)) + method.substring(1);
                actions.add(BATCH_ACTIONS.getOrDefault(action, action));
            }
        }
        return actions;
    }

    /**
     * The client's API operations: its methods whose first parameter is a request or a consumer of
     * its builder ({@code putObject} takes the body second).
     */
    private static Set<String> operationsOf(String clientClass) {
        Class<?> client;
        try {
            client = Class.forName(clientClass);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(clientClass + " is called by a function but not on test-support's test "
                    + "classpath: add its SDK module at test scope so its calls can be checked", e);
        }
        Set<String> operations = new HashSet<>();
        for (Method method : client.getMethods()) {
            if (method.getParameterCount() >= 1 && (AwsRequest.class.isAssignableFrom(method.getParameterTypes()[0])
                    || method.getParameterTypes()[0] == Consumer.class)) {
                operations.add(method.getName());
            }
        }
        return operations;
    }
}
