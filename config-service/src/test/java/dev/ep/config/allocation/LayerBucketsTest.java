package dev.ep.config.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ep.config.layer.LayerId;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import org.junit.jupiter.api.Test;

class LayerBucketsTest {

    private static LayerBuckets layer(Map<String, BucketAllocation> owners) {
        return LayerBuckets.of(LayerId.DEFAULT, owners);
    }

    @Test
    void shouldClaimLowestFreeBucketsWhenLayerIsEmpty() {
        // given
        LayerBuckets empty = layer(Map.of());

        // when
        List<Range> claimed = empty.claim("x", 1_000);

        // then
        assertThat(claimed).containsExactly(new Range(0, 1_000));
        assertThat(empty.freeCount()).isEqualTo(10_000);
        assertThat(empty.free()).containsExactly(new Range(0, 10_000));
    }

    @Test
    void shouldFillHolesInOrderWhenFreeSpaceIsFragmented() {
        // given: a owns [0,1000) and [3000,4000); b owns [1500,2000)
        Map<String, BucketAllocation> owners = new LinkedHashMap<>();
        owners.put("a", new BucketAllocation(List.of(new Range(0, 1_000), new Range(3_000, 4_000))));
        owners.put("b", new BucketAllocation(List.of(new Range(1_500, 2_000))));
        LayerBuckets buckets = layer(owners);

        // when
        List<Range> claimed = buckets.claim("c", 2_000);

        // then: the hole [1000,1500), the hole [2000,3000), then [4000,4500)
        assertThat(claimed).containsExactly(new Range(1_000, 1_500), new Range(2_000, 3_000), new Range(4_000, 4_500));
        assertThat(buckets.free()).containsExactly(new Range(1_000, 1_500), new Range(2_000, 3_000),
                new Range(4_000, 10_000));
        assertThat(buckets.freeCount()).isEqualTo(7_500);
        assertThat(buckets.owners()).extracting(LayerBuckets.Owner::experimentId, LayerBuckets.Owner::buckets)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 2_000),
                        org.assertj.core.groups.Tuple.tuple("b", 500));
    }

    @Test
    void shouldSayHowMuchIsFreeWhenCapacityIsExceeded() {
        // given
        LayerBuckets buckets = layer(Map.of("a", new BucketAllocation(List.of(new Range(0, 7_000)))));

        // when / then
        assertThatThrownBy(() -> buckets.claim("big", 3_500))
                .isInstanceOf(ConfigException.class)
                .hasMessage("layer 'default' has 3000 free buckets (30%); experiment 'big' needs 3500 more (35%)")
                .extracting(e -> ((ConfigException) e).code()).isEqualTo(ErrorCode.LAYER_CAPACITY_EXCEEDED);
    }

    @Test
    void shouldClaimEverythingFreeWhenExactlyEnough() {
        LayerBuckets buckets = layer(Map.of("a", new BucketAllocation(List.of(new Range(0, 9_999)))));

        assertThat(buckets.claim("x", 1)).containsExactly(new Range(9_999, 10_000));
    }

    @Test
    void shouldRefuseOverlappingOwners() {
        Map<String, BucketAllocation> owners = new LinkedHashMap<>();
        owners.put("a", new BucketAllocation(List.of(new Range(0, 10))));
        owners.put("b", new BucketAllocation(List.of(new Range(5, 15))));

        assertThatThrownBy(() -> layer(owners)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldFormatPercentages() {
        assertThat(LayerBuckets.percent(1_250)).isEqualTo("12.5%");
        assertThat(LayerBuckets.percent(10_000)).isEqualTo("100%");
        assertThat(LayerBuckets.percent(1)).isEqualTo("0.01%");
        assertThat(LayerBuckets.percent(0)).isEqualTo("0%");
    }
}
