package dev.ep.simulator.model;

/** A layer: experiments of one layer are mutually exclusive; all hash the layer's unit. */
public record LayerSpec(String id, Unit unit) {

    public LayerSpec {
        Names.require("layer id", id);
        unit = unit == null ? Unit.SESSION : unit;
    }
}
