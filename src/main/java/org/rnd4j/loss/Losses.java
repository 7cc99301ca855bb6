package org.rnd4j.loss;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.deeplearning4j.nn.conf.layers.Layer;

/** The loss registry: rnd4j's {@code mse}, {@code l1}, {@code charbonnier}, then every {@link Loss} a plugin jar lists. */
public final class Losses {
    private Losses() {}

    private record Builtin(String name, java.util.function.Supplier<Layer> make) implements Loss {
        @Override
        public Layer layer() {
            return make.get();
        }
    }

    /** Every loss visible now, by name: built-ins first, then plugins. */
    public static Map<String, Loss> available() {
        Map<String, Loss> out = new LinkedHashMap<>();
        for (Loss l : new Loss[]{new Builtin("mse", MseLoss::new), new Builtin("l1", () -> new PixelLoss("l1")),
                new Builtin("charbonnier", () -> new PixelLoss("charbonnier"))}) {
            out.put(l.name(), l);
        }
        try {
            for (Loss l : ServiceLoader.load(Loss.class, Thread.currentThread().getContextClassLoader())) out.putIfAbsent(l.name(), l);
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException("a loss plugin cannot be loaded: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The output layer of loss {@code name}.
     *
     * @throws IllegalArgumentException naming the field and the losses found
     */
    public static Layer layer(String name) {
        Loss l = available().get(name);
        if (l == null) {
            throw new IllegalArgumentException("field 'train.loss': unknown loss '" + name + "'; found " + available().keySet()
                    + " (a plugin jar lists its class in META-INF/services/" + Loss.class.getName() + ")");
        }
        return l.layer();
    }
}
