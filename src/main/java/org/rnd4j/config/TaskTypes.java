package org.rnd4j.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A provider of task types (name → its {@link TaskSettings} record), found with
 * {@link ServiceLoader} so that this leaf package binds every operator's section without knowing
 * any operator. rnd4j's own operators register through {@code org.rnd4j.operator.Operators}; a
 * plugin jar adds its own with a {@code META-INF/services/org.rnd4j.config.TaskTypes} line.
 */
public interface TaskTypes {
    /** rnd4j's own provider, listed first. */
    String BUILT_IN = "org.rnd4j.operator.Operators$Registry";

    /** This provider's task names and their settings records, in the order messages list them. */
    Map<String, Class<? extends TaskSettings>> types();

    /** Every registered task type: rnd4j's own first, then plugins'; a name already taken is not replaced. */
    static Map<String, Class<? extends TaskSettings>> all() {
        List<TaskTypes> providers = new ArrayList<>();
        ServiceLoader.load(TaskTypes.class, Thread.currentThread().getContextClassLoader()).forEach(providers::add);
        providers.sort(Comparator.comparing(p -> p.getClass().getName().equals(BUILT_IN) ? 0 : 1));
        Map<String, Class<? extends TaskSettings>> out = new LinkedHashMap<>();
        for (TaskTypes p : providers) p.types().forEach(out::putIfAbsent);
        if (out.isEmpty()) throw new IllegalStateException("no task types registered (is rnd4j's jar on the class path?)");
        return out;
    }
}
