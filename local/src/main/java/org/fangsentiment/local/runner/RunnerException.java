package org.fangsentiment.local.runner;

/**
 * An error the user can act on (an unreachable endpoint, a bad items file, a missing event file):
 * the runner prints its message alone, without a stack trace, and exits with {@link ExitCodes#ERROR}.
 */
public final class RunnerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunnerException(String message) {
        super(message);
    }

    public RunnerException(String message, Throwable cause) {
        super(message, cause);
    }
}
