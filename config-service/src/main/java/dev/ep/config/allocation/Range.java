package dev.ep.config.allocation;

/** A half-open range {@code [start, end)} of buckets or slots; never empty. */
public record Range(int start, int end) implements Comparable<Range> {

    public Range {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("range [" + start + ", " + end + ") must satisfy 0 <= start < end");
        }
    }

    public int size() {
        return end - start;
    }

    public boolean contains(int i) {
        return i >= start && i < end;
    }

    @Override
    public int compareTo(Range other) {
        return Integer.compare(start, other.start);
    }

    @Override
    public String toString() {
        return "[" + start + "," + end + ")";
    }
}
