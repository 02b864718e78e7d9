package org.fangsentiment.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

/** The values of a configuration's {@code ENV_*} constants, so that its {@code VARIABLES} cannot miss one. */
final class EnvConstants {

    private EnvConstants() {
    }

    static Set<String> of(Class<?> configuration) {
        Set<String> names = new HashSet<>();
        for (Field f : configuration.getFields()) {
            if (f.getName().startsWith("ENV_") && Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    names.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return names;
    }
}
