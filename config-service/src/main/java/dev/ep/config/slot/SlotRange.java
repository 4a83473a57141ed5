package dev.ep.config.slot;

/** Slots {@code [start, end)} mapped to the treatment at {@code treatment} (index in the experiment's list). */
public record SlotRange(int start, int end, int treatment) {

    public SlotRange {
        if (start < 0 || end <= start || end > SlotMap.SLOTS || treatment < 0) {
            throw new IllegalArgumentException("invalid slot range [" + start + ", " + end + ") -> " + treatment);
        }
    }
}
