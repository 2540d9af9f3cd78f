package dev.storefleet.viewmodel.storeform;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.StoreType;
import dev.storefleet.service.ServiceFixture;
import dev.storefleet.viewmodel.UiExecutors;
import java.nio.file.Path;
import javafx.beans.property.SimpleBooleanProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFormViewModelTest {
    @TempDir
    Path dir;
    ServiceFixture fx;
    final SimpleBooleanProperty reachable = new SimpleBooleanProperty(true);
    StoreFormViewModel vm;

    @BeforeEach
    void open() {
        fx = new ServiceFixture(dir);
        vm = new StoreFormViewModel(fx.stores(), UiExecutors.direct(), "alice", reachable);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void validationShowsAsYouTypeOnlyForTouchedFields() {
        assertFalse(vm.createCommand().executableProperty().get());
        assertEquals("", vm.nameErrorProperty().get(), "untouched fields show nothing yet");
        vm.nameProperty().set("!!!");
        assertTrue(vm.nameErrorProperty().get().contains("at least one letter"));
        assertEquals("", vm.ownerErrorProperty().get());
        vm.nameProperty().set("My Store");
        assertEquals("", vm.nameErrorProperty().get());
        assertEquals("Namespace and release: store-my-store", vm.namespacePreviewProperty().get());
        vm.emailProperty().set("not-an-email");
        assertTrue(vm.emailErrorProperty().get().contains("not a valid address"));
        vm.emailProperty().set("");
        vm.ownerProperty().set("alice");
        assertTrue(vm.createCommand().executableProperty().get());
    }

    @Test
    void createIsDisabledWhileTheClusterDoesNotAnswer() {
        vm.nameProperty().set("Shop");
        vm.ownerProperty().set("alice");
        reachable.set(false);
        assertFalse(vm.createCommand().executableProperty().get());
        assertTrue(vm.blockedReasonProperty().get().contains("once the cluster answers"));
        reachable.set(true);
        assertTrue(vm.createCommand().executableProperty().get());
        assertEquals("", vm.blockedReasonProperty().get());
    }

    @Test
    void createRecordsTheStoreAndClearsTheName() {
        vm.nameProperty().set("Shop");
        vm.ownerProperty().set("alice");
        vm.typeProperty().set(StoreType.MEDUSA);
        vm.createCommand().execute().join();
        fx.settle();
        assertEquals(1, fx.stores().list().size());
        assertEquals(StoreType.MEDUSA, fx.stores().list().get(0).type());
        assertEquals("", vm.nameProperty().get());
        assertEquals("alice", vm.ownerProperty().get(), "owner stays for the next store");
        assertEquals("", vm.nameErrorProperty().get(), "a cleared form is not an error");
        assertTrue(vm.formMessageProperty().get().startsWith("Store 'Shop' created"));
        assertFalse(vm.createCommand().runningProperty().get());
    }

    @Test
    void refusalsComeBackInWords() {
        fx.create("Shop", "bob");
        fx.create("One", "alice");
        fx.create("Two", "alice");
        fx.create("Three", "alice");
        fx.settle();
        vm.nameProperty().set("SHOP");
        vm.ownerProperty().set("carol");
        vm.createCommand().execute().join();
        assertTrue(vm.formErrorProperty().get().startsWith("A store named 'Shop' already exists"),
                vm.formErrorProperty().get());
        vm.nameProperty().set("Four");
        assertEquals("", vm.formErrorProperty().get(), "editing clears the old refusal");
        vm.ownerProperty().set("alice");
        vm.createCommand().execute().join();
        assertTrue(vm.formErrorProperty().get().contains("already has 3 stores"), vm.formErrorProperty().get());
        assertEquals("Four", vm.nameProperty().get(), "a refused create loses nothing typed");
    }
}
