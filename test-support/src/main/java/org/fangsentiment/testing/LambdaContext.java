package org.fangsentiment.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The Lambda {@link Context} of one invocation outside Lambda (tests and the local runner): a fresh
 * request id, a function name, and the time left, which either runs down from the function's
 * timeout as in Lambda ({@link #counting}) or is whatever a test says ({@link #LambdaContext(LongSupplier)}).
 * The ARN names no account: the local runner's contexts must never look like a real account's.
 */
public final class LambdaContext implements Context {

    private final String functionName;
    private final String requestId = UUID.randomUUID().toString();
    private final LongSupplier remainingMillis;

    public LambdaContext(String functionName, LongSupplier remainingMillis) {
        this.functionName = functionName;
        this.remainingMillis = remainingMillis;
    }

    /** A test's context, with the time left that {@code remainingMillis} says. */
    public LambdaContext(LongSupplier remainingMillis) {
        this("test", remainingMillis);
    }

    /** A test's context with plenty of time left (15 minutes, Lambda's maximum). */
    public LambdaContext() {
        this(() -> 900_000);
    }

    /** An invocation of {@code functionName} whose remaining time runs down from {@code timeout}, starting now. */
    public static LambdaContext counting(String functionName, Duration timeout) {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        return new LambdaContext(functionName, () -> Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000));
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
    @Override public String getLogStreamName() { return functionName; }
    @Override public String getFunctionName() { return functionName; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:local:local:function:" + functionName; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getMemoryLimitInMB() { return (int) (Runtime.getRuntime().maxMemory() >> 20); }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.min(Integer.MAX_VALUE, remainingMillis.getAsLong());
    }

    @Override
    public LambdaLogger getLogger() {
        // stderr: the local runner's stdout is its table of results.
        return new LambdaLogger() {
            @Override public void log(String message) { System.err.println(message); }
            @Override public void log(byte[] message) { System.err.println(new String(message, StandardCharsets.UTF_8)); }
        };
    }
}
