package dev.ep.reporting.attribution;

/** The tracking event kinds metrics are computed from; OTHER for kinds this version does not know. */
public enum ActivityType {
    PAGE_VIEW, ADD_TO_CART, CHECKOUT_STARTED, ORDER, CUSTOM, OTHER
}
