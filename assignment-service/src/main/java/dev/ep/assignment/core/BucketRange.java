package dev.ep.assignment.core;

/** Half-open range {@code [start, end)} of layer buckets or treatment slots. */
public record BucketRange(int start, int end) {

    public BucketRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid range [" + start + ", " + end + ")");
        }
    }

    public int size() {
        return end - start;
    }
}
