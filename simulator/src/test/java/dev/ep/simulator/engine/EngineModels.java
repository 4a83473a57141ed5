package dev.ep.simulator.engine;

/** Small models for engine and validation tests. */
public final class EngineModels {

    private EngineModels() {
    }

    /** The default shop's funnel with one experiment on every session, green raising checkout → order by 50%. */
    public static final String PLANTED = """
            name: planted
            arrivals: {sessionsPerDay: 10000, hourlyCurve: [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1], startHour: 0}
            visitors: {returningShare: 0, returningUsers: 0, loginPerPage: 0}
            orderValue: {medianMinor: 4500, sigma: 0.6}
            start: landing
            states:
              landing:
                dwell: {medianSeconds: 6, sigma: 0.8, maxSeconds: 300}
                next: {product: 0.6, exit: 0.4}
              product:
                dwell: {medianSeconds: 25, sigma: 0.8, maxSeconds: 900}
                next: {cart: 0.5, product: 0.2, exit: 0.3}
              cart:
                dwell: {medianSeconds: 20, sigma: 0.6, maxSeconds: 600}
                next: {checkout: 0.6, exit: 0.4}
              checkout:
                dwell: {medianSeconds: 60, sigma: 0.5, maxSeconds: 900}
                next: {order: 0.55, cart: 0.15, exit: 0.30}
              order:
                dwell: {medianSeconds: 10, sigma: 0.5, maxSeconds: 120}
                next: {exit: 1.0}
            layers: [{id: main}]
            experiments:
              - id: button
                layer: main
                traffic: 100
                treatments: [{name: control, weight: 50, control: true}, {name: green, weight: 50}]
                pages: [cart, checkout]
                renders: [checkout]
                effects: [{treatment: green, from: checkout, to: order, multiplier: 1.5}]
            """;
}
