package org.rnd4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph, kept by a test instead of memory: no package cycle, and each package depends
 * only on those below it (bytecode: imports and fully qualified names alike). From the bottom:
 * {@code io}, {@code config}, {@code onednn} (leaves) · {@code operator} · {@code layer} · {@code loss} ·
 * {@code graph} (the frame every network shares) · {@code backbone} · {@code model} (where a network
 * comes from) · {@code data}, {@code infer}, {@code eval}, {@code report} · {@code train} (the loop)
 * · {@code search}, {@code spark}, {@code bench} · {@code cli}.
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.rnd4j");
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.rnd4j.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void eachPackageKnowsOnlyThoseBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)   // spark only with -Pspark
                .layer("io").definedBy("org.rnd4j.io..")
                .layer("config").definedBy("org.rnd4j.config..")
                .layer("onednn").definedBy("org.rnd4j.onednn..")
                .layer("operator").definedBy("org.rnd4j.operator..")
                .layer("layer").definedBy("org.rnd4j.layer..")
                .layer("loss").definedBy("org.rnd4j.loss..")
                .layer("graph").definedBy("org.rnd4j.graph..")
                .layer("backbone").definedBy("org.rnd4j.backbone..")
                .layer("model").definedBy("org.rnd4j.model..")
                .layer("export").definedBy("org.rnd4j.export..")
                .layer("data").definedBy("org.rnd4j.data..")
                .layer("infer").definedBy("org.rnd4j.infer..")
                .layer("eval").definedBy("org.rnd4j.eval..")
                .layer("report").definedBy("org.rnd4j.report..")
                .layer("train").definedBy("org.rnd4j.train..")
                .layer("search").definedBy("org.rnd4j.search..")
                .layer("spark").definedBy("org.rnd4j.spark..")
                .layer("bench").definedBy("org.rnd4j.bench..")
                .layer("cli").definedBy("org.rnd4j.cli..")
                .whereLayer("io").mayNotAccessAnyLayer()
                .whereLayer("config").mayNotAccessAnyLayer()
                .whereLayer("onednn").mayNotAccessAnyLayer()
                .whereLayer("operator").mayOnlyAccessLayers("config", "onednn")
                .whereLayer("layer").mayOnlyAccessLayers("config", "onednn", "operator")
                .whereLayer("loss").mayOnlyAccessLayers("config", "onednn", "operator", "layer")
                .whereLayer("graph").mayOnlyAccessLayers("config", "onednn", "operator", "layer", "loss")
                .whereLayer("backbone").mayOnlyAccessLayers("config", "onednn", "operator", "layer", "loss", "graph")
                .whereLayer("model").mayOnlyAccessLayers("io", "config", "onednn", "operator", "layer", "loss", "graph", "backbone")
                .whereLayer("export").mayOnlyAccessLayers("io", "config", "operator", "layer", "loss", "graph", "model")
                .whereLayer("data").mayOnlyAccessLayers("io", "config", "operator")
                .whereLayer("infer").mayOnlyAccessLayers("io", "config", "operator", "data")
                .whereLayer("eval").mayOnlyAccessLayers("io", "config", "operator", "data", "infer")
                .whereLayer("report").mayOnlyAccessLayers("io", "config")
                .whereLayer("train").mayOnlyAccessLayers("io", "config", "onednn", "operator", "layer", "loss", "graph", "backbone", "model",
                        "data", "infer", "eval")
                .whereLayer("search").mayOnlyAccessLayers("io", "config", "onednn", "operator", "layer", "loss", "graph", "backbone", "model",
                        "data", "infer", "eval", "report", "train")
                .whereLayer("spark").mayOnlyAccessLayers("io", "config", "onednn", "operator", "layer", "loss", "graph", "backbone", "model",
                        "data", "infer", "eval", "report", "train")
                .whereLayer("bench").mayOnlyAccessLayers("io", "config", "onednn", "operator", "layer", "loss", "graph", "backbone", "model",
                        "data", "infer", "eval")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .check(classes);
    }

    /** Slices are top-level packages; inside {@code layer}, the runtimes know none of the configurations that create them. */
    @Test
    void layerRuntimesKnowNoLayerConfiguration() {
        noClasses().that().resideInAPackage("org.rnd4j.layer.internal..").should().dependOnClassesThat()
                .resideInAPackage("org.rnd4j.layer").check(classes);
    }

    @Test
    void configIsALeaf() {
        noClasses().that().resideInAPackage("org.rnd4j.config..").should().dependOnClassesThat().resideInAnyPackage(
                "org.rnd4j.io..", "org.rnd4j.onednn..", "org.rnd4j.operator..", "org.rnd4j.layer..", "org.rnd4j.loss..", "org.rnd4j.graph..",
                "org.rnd4j.backbone..", "org.rnd4j.model..", "org.rnd4j.data..", "org.rnd4j.infer..", "org.rnd4j.eval..",
                "org.rnd4j.report..", "org.rnd4j.train..", "org.rnd4j.search..", "org.rnd4j.spark..", "org.rnd4j.bench..",
                "org.rnd4j.cli..").check(classes);
    }

    @Test
    void operatorsKnowNoGraphOrLayerType() {
        noClasses().that().resideInAPackage("org.rnd4j.operator..").should().dependOnClassesThat().resideInAnyPackage(
                "org.rnd4j.layer..", "org.rnd4j.graph..", "org.deeplearning4j.nn..").check(classes);
    }

    /** Noise models and random generators (masks, sampling matrices) stand apart from the linear maps that use them. */
    @Test
    void generatorsAndNoiseKnowNoOperator() {
        noClasses().that().resideInAnyPackage("org.rnd4j.operator.generator..", "org.rnd4j.operator.noise..").should()
                .dependOnClassesThat().resideInAPackage("org.rnd4j.operator").check(classes);
    }

    @Test
    void onlyTheCallersOfTheLoopKnowIt() {
        noClasses().that().resideInAnyPackage("org.rnd4j.layer..", "org.rnd4j.loss..", "org.rnd4j.graph..", "org.rnd4j.backbone..", "org.rnd4j.model..",
                "org.rnd4j.export..",
                "org.rnd4j.eval..", "org.rnd4j.data..", "org.rnd4j.infer..", "org.rnd4j.report..")
                .should().dependOnClassesThat().resideInAPackage("org.rnd4j.train..").check(classes);
    }

    @Test
    void dataKnowsNoMetricsAndTheLoopWritesNoReport() {
        noClasses().that().resideInAPackage("org.rnd4j.data..").should().dependOnClassesThat().resideInAPackage("org.rnd4j.eval..")
                .check(classes);
        noClasses().that().resideInAPackage("org.rnd4j.train..").should().dependOnClassesThat().resideInAPackage("org.rnd4j.report..")
                .check(classes);
    }
}
