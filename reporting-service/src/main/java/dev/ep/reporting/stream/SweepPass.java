package dev.ep.reporting.stream;

/** What a pass of the units' sweep reads ({@link UnitProcessor}). */
public enum SweepPass {
    /**
     * Every unit of the task: the first pass after a task starts (state written before the due index existed, or a
     * catalog that changed while the task was elsewhere) and the first pass after the catalog changed.
     */
    FULL,
    /** Only the units whose due time has come ({@link DueIndex}). */
    DUE
}
