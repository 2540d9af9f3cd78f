/**
 * A test Kubernetes API: an object store behind the JDK's HttpServer (it began as fabric8's
 * KubernetesMockServer CRUD store), with the adjustments the real Helm library (helm-java 0.0.21,
 * Helm 3.21, client-go 0.35) needs, simulated controllers and a simulated kubelet that make real
 * Pods, and fault injection. No kube-apiserver can run on our machines; this is what cluster, UI
 * and benchmark tests stand on.
 *
 * <pre>{@code
 * try (TestKubernetesApi api = new TestKubernetesApi()) {
 *     Path kubeconfig = api.kubeconfigFile(tempDir);          // context "test", http, a token
 *     // or TestKubernetesApi.withTls(dir): HTTPS with a self-signed certificate, its PEM at api.caCertificate()
 *     api.readyAfter(Duration.ofSeconds(2));                  // pods Running+Ready 2 s after creation
 *     new Helm(chartDir).upgrade().install().withName("store-x").withNamespace("store-x")
 *             .createNamespace().withKubeConfig(kubeconfig).waitReady().withTimeout(60).call();
 *     api.client().pods().inNamespace("store-x").list();      // fabric8, same server: web-7f3a9c1-x2b4k, db-0, ...
 *
 *     // requests
 *     api.failNext("POST", "/deployments$", 500, 1);          // next Deployment create answers 500
 *     api.dropConnection("*", "/secrets", 1);                 // next Secret request: connection closed
 *     api.latency("/statefulsets", Duration.ofMillis(200));   // every StatefulSet request waits
 *     api.down(true);                                         // every connection dropped (unreachable) ...
 *     api.down(false);                                        // ... and back
 *     api.requests();                                         // method, path, query, bearer token of each request (a watch once)
 *     api.accessRecords(token);                               // those with that token, as RBAC authorizes them: watch apps/deployments ...
 *     api.openWatches(); api.openLogFollows();                // streams open right now
 *
 *     // controllers and kubelet
 *     api.neverReady("Deployment", ".*-web");                 // its controller leaves it alone: helm --wait times out
 *     api.namespaceDeletionDelay(Duration.ofSeconds(1));      // Terminating for 1 s, then gone
 *     api.kubeletTick(Duration.ofMillis(100));                // pods in transition looked at every 100 ms
 *     api.crashRestartEvery(Duration.ofMillis(200));          // a crash-looping container restarts every 200 ms
 *
 *     // pod faults: each returns a PodFault; lift() lets the pods recover, reset() lifts all
 *     PodFault pull = api.imagePullFails("nginx:9.9");        // ErrImagePull, then ImagePullBackOff; events Failed, BackOff
 *     api.invalidImageName("^bad image$");                    // InvalidImageName
 *     api.containerWaiting("-web-", "web", "CreateContainerConfigError", "secret \"x\" not found");
 *     PodFault crash = api.crashLoop("^store-x-db-", null,    // CrashLoopBackOff, restartCount rising, even on Ready pods
 *             List.of("FATAL: password authentication failed"));
 *     api.unschedulable("-web-", null);                       // Pending, PodScheduled False, FailedScheduling
 *     api.noStorageClass();                                   // PVCs Pending (FailedBinding), their pods unschedulable
 *     api.jobFails("-setup$", List.of("migration failed"));   // each attempt exits 1; BackoffLimitExceeded
 *     api.jobDeadlineExceeded("-setup$");                     // a Job with activeDeadlineSeconds: DeadlineExceeded
 *     api.quotaRefuses("-web-", null);                        // FailedCreate on the ReplicaSet, ReplicaFailure
 *     crash.lift();                                           // the next restart stays up
 *
 *     // logs (GET .../pods/{name}/log: container, previous, tailLines, limitBytes, timestamps, follow)
 *     api.appendLog("store-x", "store-x-db-0", "db", "ready to accept connections");
 *
 *     // watches
 *     api.breakWatches();                                     // every open watch ends now; clients resume
 *     api.expireResourceVersions();                           // resuming from an older resourceVersion: 410 Gone
 *     api.reset();                                            // faults, pod faults, knobs, down, request log
 * }
 * }</pre>
 *
 * <p>Pieces, one idea each: {@link dev.storefleet.testcluster.TestKubernetesApi} (start, kubeconfig,
 * client, knobs), {@link dev.storefleet.testcluster.ApiHttpHandler} (HTTP: discovery, OpenAPI,
 * watches with resume and 410, faults, catch-all 500), {@link dev.storefleet.testcluster.ObjectStore}
 * (the objects and the API's rules: namespaces, 409s, patches, protobuf Secrets, typed lists,
 * garbage collection, finalizers) with {@link dev.storefleet.testcluster.ObjectIndex} and
 * {@link dev.storefleet.testcluster.WatchHistory}, {@link dev.storefleet.testcluster.SimulatedControllers}
 * (Deployment, ReplicaSet, StatefulSet, Job controllers, volume binder), the
 * {@link dev.storefleet.testcluster.Kubelet} (scheduler and kubelet, pods modelled by
 * {@link dev.storefleet.testcluster.SimulatedPod}), {@link dev.storefleet.testcluster.PodFaults},
 * {@link dev.storefleet.testcluster.ClusterEvents} (core/v1 Events, repeats counted),
 * {@link dev.storefleet.testcluster.ContainerLogs} and {@link dev.storefleet.testcluster.PodLogEndpoint},
 * {@link dev.storefleet.testcluster.Faults}. Each adjustment closes a gap that the real Helm library
 * (client-go) hit against a plain CRUD mock: JSON content types, discovery and OpenAPI, protobuf
 * release Secrets, typed lists, 409 AlreadyExists, merge patches that replace lists, HTTP (not
 * WebSocket) watches with the initial-events bookmark, 404 for objects in a namespace that does not exist.
 *
 * <p>Pods: a Deployment's current ReplicaSet has {@code <rs>-<5 chars>} pods, a StatefulSet
 * {@code <sts>-0..n-1} on their claims, a Job one {@code <job>-<5 chars>} pod per attempt; owner
 * references, template labels plus {@code pod-template-hash} / {@code controller-revision-hash} /
 * {@code job-name}, and a kubelet-style status. Workload statuses are computed from their pods. A
 * steady pod is never rewritten: an idle cluster sends no watch events and costs no work
 * ({@link dev.storefleet.testcluster.IdlePodsBenchmark}: 1,000 stores, 3,000 pods ready in ~30 s,
 * then 0 events, 0 writes and 0 ms of controller CPU while idle).
 *
 * <p>Limits: one node, no probes (a started container is ready), no resource accounting (quota
 * and scheduling refusals come from faults), Deployments surge to 100% and StatefulSets create
 * missing pods together, deletions are immediate (no graceful termination), only Warning events
 * are written (no Scheduled/Pulled/Started), no admission or validation beyond names and
 * namespaces, no authentication (any token), strategic merge patch knows the usual merge keys
 * only, server-side apply is treated as a merge patch, watches resume from the last 4,096 changes
 * (older resourceVersions get 410 Gone), a log follower whose client went away is noticed at the
 * next line, only the kinds in {@code Resources.ALL} are served, and no rollback (helm-java has
 * none). {@code sun.net.httpserver.nodelay} is set when this class loads; if another HttpServer
 * was created earlier in the JVM, requests on reused connections are ~40 ms slower.
 */
package dev.storefleet.testcluster;
