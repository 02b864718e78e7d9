package org.fangsentiment.local.runner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.fangsentiment.aws.AwsClients;

/** Runs {@code fang-local} in this JVM and keeps what it printed. */
record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FangLocal.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        Cli result = new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.err.println("---- fang-local " + String.join(" ", args) + " -> " + code + "\n" + result.out + result.err);
        return result;
    }

    /** The --endpoint options for these endpoints: one URL when they are one, else one per service. */
    static List<String> endpointArgs(AwsClients.Endpoints endpoints) {
        List<String> args = new ArrayList<>();
        if (endpoints.dynamoDb().equals(endpoints.sqs()) && endpoints.sqs().equals(endpoints.s3())) {
            args.add("--endpoint");
            args.add(endpoints.dynamoDb().toString());
        } else {
            args.add("--endpoint");
            args.add("dynamodb=" + endpoints.dynamoDb());
            args.add("--endpoint");
            args.add("sqs=" + endpoints.sqs());
            args.add("--endpoint");
            args.add("s3=" + endpoints.s3());
        }
        return args;
    }
}
