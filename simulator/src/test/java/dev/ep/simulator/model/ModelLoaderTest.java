package dev.ep.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
