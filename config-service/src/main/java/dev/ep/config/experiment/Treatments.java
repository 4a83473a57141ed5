package dev.ep.config.experiment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import dev.ep.config.slot.SlotMap;

/**
 * The treatments of an experiment, in display order (which is also slot-map order): 2 to
 * {@value #MAX} treatments, unique names, exactly one control, weights summing to 10,000 basis points.
 */
public record Treatments(List<Treatment> list) {

    public static final int MAX = 20;

    public Treatments {
        if (list == null || list.size() < 2) {
            throw new ConfigException(ErrorCode.INVALID_TREATMENTS,
                    "treatments: at least 2 are needed (a control and a variant), got " + (list == null ? 0 : list.size()));
        }
        if (list.size() > MAX) {
            throw new ConfigException(ErrorCode.INVALID_TREATMENTS,
                    "treatments: at most " + MAX + " allowed, got " + list.size());
        }
        list = List.copyOf(list);
        Set<String> names = new HashSet<>();
        List<String> controls = new ArrayList<>();
        int sum = 0;
        for (int i = 0; i < list.size(); i++) {
            Treatment t = list.get(i);
            if (!names.add(t.name())) {
                throw new ConfigException(ErrorCode.INVALID_TREATMENTS,
                        "treatments[" + i + "].name: '" + t.name() + "' is used by an earlier treatment");
            }
            if (t.weightBasisPoints() <= 0) {
                throw new ConfigException(ErrorCode.INVALID_WEIGHTS, "treatments[" + i
                        + "].weight: must be positive, got " + t.weightBasisPoints() + " basis points");
            }
            if (t.control()) {
                controls.add(t.name());
            }
            sum += t.weightBasisPoints();
        }
        if (controls.size() != 1) {
            throw new ConfigException(ErrorCode.INVALID_TREATMENTS, "treatments: exactly one must be the control, found "
                    + (controls.isEmpty() ? "none" : controls.size() + " (" + String.join(", ", controls) + ")"));
        }
        if (sum != SlotMap.SLOTS) {
            throw new ConfigException(ErrorCode.INVALID_WEIGHTS, "treatments: weights must sum to 10000 basis points (100%), got "
                    + sum);
        }
    }

    public List<String> names() {
        return list.stream().map(Treatment::name).toList();
    }

    public int indexOf(String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public int[] weights() {
        return list.stream().mapToInt(Treatment::weightBasisPoints).toArray();
    }

    public Treatment control() {
        return list.stream().filter(Treatment::control).findFirst().orElseThrow();
    }
}
