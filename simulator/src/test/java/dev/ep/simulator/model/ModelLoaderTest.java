package dev.ep.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelLoaderTest {

    @Test
    void shouldLoadTheDocumentedDefaultShop() {
        ShopModel model = ModelLoader.defaultModel();

        assertThat(model.start()).isEqualTo("landing");
        assertThat(model.states()).containsKeys("landing", "browse", "search", "product", "cart", "checkout", "order");
        assertThat(model.experiment("checkout-button").effects()).singleElement()
                .satisfies(e -> assertThat(e.multiplier()).isEqualTo(1.05));
        assertThat(model.experiment("search-ranking").isAa()).isTrue();
        assertThat(model.experiment("recommendations").coverageBug().underReport()).isEqualTo(0.5);
        assertThat(model.unitOf(model.experiment("loyalty-banner"))).isEqualTo(Unit.USER);
    }

    @Test
    void shouldLoadTheDemoShopWithoutADeliberateDefect() throws Exception {
        ShopModel demo = ModelLoader.load(java.nio.file.Path.of(
                ModelLoaderTest.class.getResource("/dev/ep/simulator/demo-shop.yaml").toURI()));

        assertThat(demo.experiments()).hasSize(4).allSatisfy(e -> assertThat(e.coverageBug()).isNull());
    }

    @Test
    void shouldRefuseProbabilitiesThatDoNotSumToOne() {
        String yaml = minimal().replace("next: {exit: 1.0}", "next: {exit: 0.9}");

        assertThatThrownBy(() -> ModelLoader.parse(yaml)).isInstanceOf(ModelException.class)
                .hasMessageContaining("sum to 1");
    }

    @Test
    void shouldRefuseAnUnknownFieldWhenTheFileHasATypo() {
        String yaml = minimal().replace("start: landing", "strat: landing\nstart: landing");

        assertThatThrownBy(() -> ModelLoader.parse(yaml)).isInstanceOf(ModelException.class)
                .hasMessageContaining("strat");
    }

    @Test
    void shouldRefuseAnEffectOnATransitionTheModelDoesNotHave() {
        String yaml = minimal() + """
                layers: [{id: l1}]
                experiments:
                  - id: x
                    layer: l1
                    traffic: 10
                    treatments: [{name: a, weight: 50, control: true}, {name: b, weight: 50}]
                    effects: [{treatment: b, from: landing, to: landing, multiplier: 2}]
                """;

        assertThatThrownBy(() -> ModelLoader.parse(yaml)).isInstanceOf(ModelException.class)
                .hasMessageContaining("landing->landing");
    }

    @Test
    void shouldRefuseLayerTrafficAboveHundredPercent() {
        String yaml = minimal() + """
                layers: [{id: l1}]
                experiments:
                  - {id: x, layer: l1, traffic: 60, treatments: [{name: a, weight: 50, control: true}, {name: b, weight: 50}]}
                  - {id: y, layer: l1, traffic: 50, treatments: [{name: a, weight: 50, control: true}, {name: b, weight: 50}]}
                """;

        assertThatThrownBy(() -> ModelLoader.parse(yaml)).isInstanceOf(ModelException.class)
                .hasMessageContaining("exceeds 100");
    }

    @Test
    void shouldLoadTheScheduledChangesOfTheDefaultAndDemoShops() throws Exception {
        assertThat(ModelLoader.defaultModel().changes()).extracting(ChangeSpec::isRamp).containsExactly(true, false);
        ShopModel demo = ModelLoader.load(java.nio.file.Path.of(
                ModelLoaderTest.class.getResource("/dev/ep/simulator/demo-shop.yaml").toURI()));
        assertThat(demo.changes()).extracting(ChangeSpec::isRamp).containsExactly(true, false);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{at: 0.5, experiment: nope, ramp: 20}                              | unknown experiment nope",
        "{at: 1.5, experiment: x, ramp: 20}                                 | fraction in (0, 1)",
        "{at: 0, experiment: x, ramp: 20}                                   | fraction in (0, 1)",
        "{at: 0.5, experiment: x, ramp: 20, weights: {a: 50, b: 50}}        | exactly one of weights or ramp",
        "{at: 0.5, experiment: x}                                           | exactly one of weights or ramp",
        "{at: 0.5, experiment: x, ramp: 60}                                 | over 100 percent",
        "{at: 0.5, experiment: x, ramp: 30}                                 | changes nothing",
        "{at: 0.5, experiment: x, weights: {a: 60, b: 30}}                  | sum to 100",
        "{at: 0.5, experiment: x, weights: {a: 60, c: 40}}                  | exactly the treatments",
        "{at: 0.5, experiment: x, weights: {a: 50, b: 50}}                  | changes nothing",
        "{at: 0.5, experiment: x, weights: {a: 50, b: 50}, colour: red}     | colour",
    })
    void shouldRefuseAChangeThatCannotBeMade(String change, String message) {
        String yaml = minimal() + """
                layers: [{id: l1}]
                experiments:
                  - {id: x, layer: l1, traffic: 30, treatments: [{name: a, weight: 50, control: true}, {name: b, weight: 50}]}
                  - {id: y, layer: l1, traffic: 50, treatments: [{name: a, weight: 50, control: true}, {name: b, weight: 50}]}
                """ + "changes:\n  - " + change + "\n";

        assertThatThrownBy(() -> ModelLoader.parse(yaml)).isInstanceOf(ModelException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldRefuseChangesOutOfOrder() {
        String yaml = minimal() + """
                layers: [{id: l1}]
                experiments:
                  - {id: x, layer: l1, traffic: 30, treatments: [{name: a, weight: 50, control: true}, {name: b, weight: 50}]}
                changes:
                  - {at: 0.6, experiment: x, ramp: 40}
                  - {at: 0.3, experiment: x, ramp: 50}
                """;

        assertThatThrownBy(() -> ModelLoader.parse(yaml)).isInstanceOf(ModelException.class)
                .hasMessageContaining("in order of at");
    }

    static String minimal() {
        return """
                name: tiny
                arrivals: {sessionsPerDay: 100, hourlyCurve: [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1], startHour: 0}
                visitors: {returningShare: 0, returningUsers: 0, loginPerPage: 0}
                orderValue: {medianMinor: 1000, sigma: 0.5}
                start: landing
                states:
                  landing:
                    dwell: {medianSeconds: 1, sigma: 0.1, maxSeconds: 10}
                    next: {exit: 1.0}
                """;
    }
}
