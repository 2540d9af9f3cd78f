package dev.storefleet.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** docs/design.md's layers as rules: dependencies point down only, logic stays free of frameworks. */
@AnalyzeClasses(packages = "dev.storefleet", importOptions = ImportOption.DoNotIncludeTests.class)
class LayerRulesTest {

    @ArchTest
    static final ArchRule domainAndServiceKnowNoFramework = noClasses()
            .that().resideInAnyPackage("dev.storefleet.domain..", "dev.storefleet.service..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "javafx..", "org.hibernate..", "jakarta.persistence..", "io.fabric8..", "com.marcnuri..",
                    "org.h2..", "org.flywaydb..")
            .because("the same services drive the GUI, the headless API and the tests (docs/design.md)");

    @ArchTest
    static final ArchRule domainIsPlainJava = noClasses()
            .that().resideInAPackage("dev.storefleet.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.slf4j..", "dev.storefleet.service..")
            .because("the domain is plain Java with no logging or upward dependency");

    @ArchTest
    static final ArchRule viewModelsHaveNoNodes = noClasses()
            .that().resideInAPackage("dev.storefleet.viewmodel..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
            .because("view-models are tested without a UI; only views know Node, Scene and Stage");

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("app").definedBy("dev.storefleet.app..")
            .layer("ui").definedBy("dev.storefleet.ui..")
            .layer("viewmodel").definedBy("dev.storefleet.viewmodel..")
            .layer("api").definedBy("dev.storefleet.api..")
            .layer("service").definedBy("dev.storefleet.service..")
            .layer("adapters").definedBy("dev.storefleet.persistence..", "dev.storefleet.cluster..",
                    "dev.storefleet.store..")
            .layer("domain").definedBy("dev.storefleet.domain..")
            .whereLayer("app").mayNotBeAccessedByAnyLayer()
            .whereLayer("ui").mayOnlyBeAccessedByLayers("app")
            .whereLayer("viewmodel").mayOnlyBeAccessedByLayers("ui", "app")
            .whereLayer("api").mayOnlyBeAccessedByLayers("app")
            .whereLayer("adapters").mayOnlyBeAccessedByLayers("app")
            .whereLayer("service").mayOnlyBeAccessedByLayers("app", "ui", "viewmodel", "api", "adapters")
            .withOptionalLayers(true);
}
