/**
 * A test Kubernetes API: fabric8's KubernetesMockServer CRUD store behind the JDK's HttpServer,
 * with the adjustments the real Helm library (helm-java 0.0.21, Helm 3.21, client-go 0.35) needs,
 * simulated controllers so {@code --wait} finishes, and fault injection. No kube-apiserver can
 * run on our machines; this is what cluster, UI and benchmark tests stand on.
 *
 * <pre>{@code
 * try (TestKubernetesApi api = new TestKubernetesApi()) {
 *     Path kubeconfig = api.kubeconfigFile(tempDir);          // context "test", http, a token
 *     api.readyAfter(Duration.ofSeconds(2));                  // workloads ready 2 s after each change
 *     new Helm(chartDir).upgrade().install().withName("store-x").withNamespace("store-x")
 *             .createNamespace().withKubeConfig(kubeconfig).waitReady().withTimeout(60).call();
 *     api.client().apps().deployments().inNamespace("store-x").list();   // fabric8, same server
 *     api.failNext("POST", "/deployments$", 500, 1);          // next Deployment create answers 500
 *     api.dropConnection("*", "/secrets", 1);                 // next Secret request: connection closed
 *     api.latency("/statefulsets", Duration.ofMillis(200));   // every StatefulSet request waits
 *     api.neverReady("Deployment", ".*-web");                 // helm --wait times out
 *     api.namespaceDeletionDelay(Duration.ofSeconds(1));      // Terminating for 1 s, then gone
 *     api.requests();                                         // method, path, query of each request
 * }
 * }</pre>
 *
 * <p>Pieces, one idea each: {@link dev.storefleet.testcluster.TestKubernetesApi} (start, kubeconfig,
 * client, knobs), {@link dev.storefleet.testcluster.ApiHttpHandler} (HTTP: discovery, OpenAPI,
 * watches, faults, catch-all 500), {@link dev.storefleet.testcluster.ObjectStore} (the CRUD store
 * and its adjustments: namespaces, 409s, patches, protobuf Secrets, typed lists, garbage collection),
 * {@link dev.storefleet.testcluster.SimulatedControllers}, {@link dev.storefleet.testcluster.Faults}.
 * Each adjustment closes a gap that the real Helm library (client-go) hit against a plain CRUD
 * mock: JSON content types, discovery and OpenAPI, protobuf release Secrets, typed lists, 409
 * AlreadyExists, merge patches that replace lists, HTTP (not WebSocket) watches with the
 * initial-events bookmark, 404 for objects in a namespace that does not exist.
 *
 * <p>Limits: no Pods, no admission or validation beyond names and namespaces, no authentication
 * (any token), strategic merge patch knows the usual merge keys only, server-side apply is treated
 * as a merge patch, watches replay nothing older than their start (a resourceVersion in the past
 * gets only new events), only the kinds in {@code Resources.ALL} are served, and no rollback (helm-java
 * has none). {@code sun.net.httpserver.nodelay} is set when this class loads; if another HttpServer
 * was created earlier in the JVM, requests on reused connections are ~40 ms slower.
 */
package dev.storefleet.testcluster;
