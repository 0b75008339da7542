package io.podchain.chain;

import io.podchain.testing.Gen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private static Hash leaf(int i) {
        return Hashes.sha256(new byte[] {(byte) i, (byte) (i >> 8)});
    }

    private static Hash leafHash(Hash h) {
        return Hashes.sha256(new byte[] {0}, h.toBytes());
    }

    private static Hash node(Hash l, Hash r) {
        return Hashes.sha256(new byte[] {1}, l.toBytes(), r.toBytes());
    }

    @Test
    void followsRfc6962Shape() {
        Hash a = leaf(1);
        Hash b = leaf(2);
        Hash c = leaf(3);
        assertThat(MerkleTree.root(List.of()).toHex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(MerkleTree.root(List.of(a))).isEqualTo(leafHash(a));
        assertThat(MerkleTree.root(List.of(a, b))).isEqualTo(node(leafHash(a), leafHash(b)));
        assertThat(MerkleTree.root(List.of(a, b, c)))
                .isEqualTo(node(node(leafHash(a), leafHash(b)), leafHash(c)));
    }

    @Test
    void duplicatingTheLastLeafChangesTheRoot() {
        List<Hash> three = List.of(leaf(1), leaf(2), leaf(3));
        List<Hash> four = List.of(leaf(1), leaf(2), leaf(3), leaf(3));
        assertThat(MerkleTree.root(three)).isNotEqualTo(MerkleTree.root(four));
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries200")
    void anyChangeOfTheListChangesTheRoot(long seed) {
        Gen gen = new Gen(seed);
        int size = gen.intIn(1, 40);
        int position = gen.intIn(0, size - 1);
        int replacement = gen.intIn(1000, 2000);
        List<Hash> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leaves.add(leaf(i));
        }
        Hash root = MerkleTree.root(leaves);
        List<Hash> replaced = new ArrayList<>(leaves);
        replaced.set(position, leaf(replacement));
        assertThat(MerkleTree.root(replaced)).isNotEqualTo(root);
        List<Hash> shorter = leaves.subList(0, size - 1);
        assertThat(MerkleTree.root(shorter)).isNotEqualTo(root);
        if (size > 1) {
            List<Hash> reversed = new ArrayList<>(leaves);
            Collections.reverse(reversed);
            assertThat(MerkleTree.root(reversed)).isNotEqualTo(root);
        }
    }
}
