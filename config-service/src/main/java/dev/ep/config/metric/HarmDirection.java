package dev.ep.config.metric;

import java.util.Locale;

import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;

/**
 * Which way a metric moves when a treatment hurts: what reporting's guardrail auto-pause reads as harm (the always-valid
 * confidence sequence of treatment − control lying wholly on that side of 0).
 */
public enum HarmDirection {
    /** Less is worse: conversion, revenue, order value, add-to-cart, page views. */
    DECREASE_IS_HARM,
    /** More is worse: e.g. a custom count of errors, refunds or support contacts. */
    INCREASE_IS_HARM;

    /** Parses {@code decrease_is_harm} / {@code increase_is_harm} (any case); anything else is a 400 on the field. */
    public static HarmDirection parse(String field, String value) {
        if (value != null) {
            for (HarmDirection d : values()) {
                if (d.name().equalsIgnoreCase(value.strip())) {
                    return d;
                }
            }
        }
        throw new ConfigException(ErrorCode.INVALID_FIELD, field + ": must be decrease_is_harm or increase_is_harm, got "
                + (value == null ? "nothing" : "'" + value.toLowerCase(Locale.ROOT) + "'"));
    }

    public String lowerCase() {
        return name().toLowerCase(Locale.ROOT);
    }
}
