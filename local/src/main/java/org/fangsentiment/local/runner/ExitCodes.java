package org.fangsentiment.local.runner;

/** The runner's exit codes. */
public final class ExitCodes {

    /** Every message the producer sent was processed. */
    public static final int OK = 0;
    /** An error stopped the command (the message says which); also a command-line usage error. */
    public static final int ERROR = 1;
    /** The run finished, but some messages ended in the dead-letter queue (listed in summary.json). */
    public static final int DEAD_LETTERS = 3;

    private ExitCodes() {
    }
}
