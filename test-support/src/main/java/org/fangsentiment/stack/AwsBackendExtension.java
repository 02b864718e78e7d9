package org.fangsentiment.stack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the one {@link AwsBackend} of this JVM (started on first use, closed when the test
 * run ends) as a constructor or method parameter: {@code @ExtendWith(AwsBackendExtension.class)}.
 */
public final class AwsBackendExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AwsBackend.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AwsBackend.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("backend", key -> new Closing(AwsBackend.start()), Closing.class)
                .backend();
    }

    /** Closes the backend when JUnit closes the root store at the end of the run. */
    private record Closing(AwsBackend backend) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() throws Exception {
            backend.close();
        }
    }
}
