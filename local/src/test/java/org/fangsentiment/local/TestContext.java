package org.fangsentiment.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.LongSupplier;

/** A Lambda {@link Context} for invoking handlers in tests: a request id and a remaining-time clock. */
public final class TestContext implements Context {

    private final String requestId = UUID.randomUUID().toString();
    private final LongSupplier remainingMillis;

    public TestContext(LongSupplier remainingMillis) {
        this.remainingMillis = remainingMillis;
    }

    /** Plenty of time left. */
    public TestContext() {
        this(() -> 900_000);
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/test"; }
    @Override public String getLogStreamName() { return "test"; }
    @Override public String getFunctionName() { return "test"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:local:local:function:test"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return (int) Math.min(Integer.MAX_VALUE, remainingMillis.getAsLong()); }
    @Override public int getMemoryLimitInMB() { return 2048; }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override public void log(String message) { System.out.println(message); }
            @Override public void log(byte[] message) { System.out.println(new String(message, StandardCharsets.UTF_8)); }
        };
    }
}
