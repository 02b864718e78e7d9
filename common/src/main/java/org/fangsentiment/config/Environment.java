package org.fangsentiment.config;

import java.util.Map;

/**
 * Reads and checks environment variables for {@link ProducerConfig} and {@link ConsumerConfig}:
 * absent or blank variables take the caller's default, and every error names the variable.
 */
record Environment(Map<String, String> env) {

    String text(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** A variable set to the empty string means empty (no output prefix), not "use the default". */
    String textAllowingEmpty(String name, String fallback) {
        String value = env.get(name);
        return value == null ? fallback : value.trim();
    }

    int integer(String name, int fallback) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
        }
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
