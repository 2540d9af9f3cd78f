package dev.storefleet.viewmodel.cluster;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.KubeconfigException;
import dev.storefleet.service.port.ClusterAccess;
import dev.storefleet.viewmodel.UiExecutors;
import dev.storefleet.viewmodel.cluster.ClusterViewModel.Health;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterViewModelTest {

    /** A kubeconfig with two contexts; "down" does not answer, "broken" cannot be switched to. */
    static final class Access implements ClusterAccess {
        String current = "prod";
        KubeconfigException missing;

        @Override
        public List<String> contexts() {
            if (missing != null) {
                throw missing;
            }
            return List.of("prod", "down", "broken");
        }

        @Override
        public String currentContext() {
            return current;
        }

        @Override
        public void switchTo(String context) {
            if (context.equals("broken")) {
                throw new KubeconfigException("The kubeconfig context 'broken' cannot be used: no user.");
            }
            current = context;
        }

        @Override
        public ClusterHealth check() {
            return current.equals("down")
                    ? new ClusterHealth(false, current, "https://10.0.0.9:6443", null, "Cannot reach the cluster at https://10.0.0.9:6443")
                    : new ClusterHealth(true, current, "https://k3s:6443", "v1.31.2+k3s1", null);
        }
    }

    @Test
    void loadsContextsAndShowsAReachableCluster() {
        ClusterViewModel vm = new ClusterViewModel(new Access(), UiExecutors.direct());
        vm.load().join();
        assertEquals(List.of("prod", "down", "broken"), vm.contexts());
        assertEquals("prod", vm.currentContextProperty().get());
        assertEquals(Health.REACHABLE, vm.healthProperty().get());
        assertEquals("Connected · v1.31.2+k3s1", vm.statusTextProperty().get());
        assertEquals("", vm.problemProperty().get());
    }

    @Test
    void switchingToAClusterThatDoesNotAnswerSaysSo() {
        ClusterViewModel vm = new ClusterViewModel(new Access(), UiExecutors.direct());
        vm.load().join();
        vm.switchTo("down").join();
        assertEquals("down", vm.currentContextProperty().get());
        assertEquals(Health.UNREACHABLE, vm.healthProperty().get());
        assertTrue(vm.problemProperty().get().startsWith("Cannot reach the cluster"));
    }

    @Test
    void aFailedSwitchKeepsTheCurrentContextAndExplains() {
        ClusterViewModel vm = new ClusterViewModel(new Access(), UiExecutors.direct());
        vm.load().join();
        vm.switchTo("broken").join();
        assertEquals("prod", vm.currentContextProperty().get());
        assertEquals("Could not switch to broken", vm.statusTextProperty().get());
        assertTrue(vm.problemProperty().get().contains("'broken' cannot be used"));
        assertFalse(vm.switchingProperty().get());
    }

    @Test
    void noKubeconfigIsItsOwnStateWithTheReason() {
        Access access = new Access();
        access.missing = new KubeconfigException("No kubeconfig found (looked at [/home/u/.kube/config]).");
        ClusterViewModel vm = new ClusterViewModel(access, UiExecutors.direct());
        vm.load().join();
        assertEquals(Health.NO_KUBECONFIG, vm.healthProperty().get());
        assertTrue(vm.contexts().isEmpty());
        assertTrue(vm.problemProperty().get().startsWith("No kubeconfig found"));
        vm.check().join();
        assertEquals(Health.NO_KUBECONFIG, vm.healthProperty().get(), "no pointless checks without a kubeconfig");
    }
}
