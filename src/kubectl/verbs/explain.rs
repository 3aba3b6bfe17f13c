//! `kubectl explain statefulset[.FIELD...]` and `kubectl explain pod.spec.containers[...]`: the
//! API's documentation of a field, as kubectl v1.36 prints it from the server's OpenAPI v3
//! document (kubectl's `pkg/explain/v2/templates/plaintext.tmpl`: the group, kind and version,
//! the field's type guessed from its schema, every description along the way wrapped at 76
//! columns and indented, the fields in name order with `-required-`).
//!
//! The descriptions are the schemas a v1.36 API server serves
//! (`api/openapi-spec/v3/apis__apps__v1_openapi.json`): the StatefulSet's own types, and of
//! core/v1's the pod template, a container, its probes and lifecycle handlers, resources and
//! label selectors. Other types (`ObjectMeta`, `PersistentVolumeClaim`, `ContainerPort`...) are
//! named as types but not carried, and a Pod and a PodSpec only as far as the path to a
//! container; explaining into them says so.

use super::super::registry::Args;
use super::super::resources::Res;
use super::super::session::Session;
use crate::shell::Output;

type Result = std::result::Result<Output, crate::shell::Error>;

/// A field's schema, as far as kubectl's `typeGuess` reads it.
#[derive(Clone, Copy)]
enum Ty {
    Str,
    Int,
    Bool,
    /// An array of strings.
    Strs,
    /// A map of strings.
    StrMap,
    /// A reference to a named schema.
    Ref(&'static str),
    /// An array of a named schema.
    List(&'static str),
    /// A map of a named schema.
    Map(&'static str),
}

struct Field {
    name: &'static str,
    ty: Ty,
    required: bool,
    desc: &'static str,
}

struct Schema {
    name: &'static str,
    desc: &'static str,
    fields: &'static [Field],
    /// Only the fields a path goes through are carried (a Pod's `spec`, a PodSpec's
    /// `containers`): the type can be passed through, not listed.
    partial: bool,
}

const fn f(name: &'static str, ty: Ty, desc: &'static str) -> Field {
    Field {
        name,
        ty,
        required: false,
        desc,
    }
}

const fn required(name: &'static str, ty: Ty, desc: &'static str) -> Field {
    Field {
        name,
        ty,
        required: true,
        desc,
    }
}

const API_VERSION: &str = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
const KIND: &str = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

/// The schemas, each fields in name order (Go templates range over a map's sorted keys).
const SCHEMAS: &[Schema] = &[
    Schema {
        name: "StatefulSet",
        desc: "StatefulSet represents a set of pods with consistent identities. Identities are defined as:\n  - Network: A single stable DNS and hostname.\n  - Storage: As many VolumeClaims as requested.\n\nThe StatefulSet guarantees that a given network identity will always map to the same storage identity.",
        partial: false,
        fields: &[
            f("apiVersion", Ty::Str, API_VERSION),
            f("kind", Ty::Str, KIND),
            f(
                "metadata",
                Ty::Ref("ObjectMeta"),
                "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
            ),
            f(
                "spec",
                Ty::Ref("StatefulSetSpec"),
                "Spec defines the desired identities of pods in this set.",
            ),
            f(
                "status",
                Ty::Ref("StatefulSetStatus"),
                "Status is the current status of Pods in this StatefulSet. This data may be out of date by some window of time.",
            ),
        ],
    },
    Schema {
        name: "StatefulSetSpec",
        desc: "A StatefulSetSpec is the specification of a StatefulSet.",
        partial: false,
        fields: &[
            f(
                "minReadySeconds",
                Ty::Int,
                "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)",
            ),
            f(
                "ordinals",
                Ty::Ref("StatefulSetOrdinals"),
                "ordinals controls the numbering of replica indices in a StatefulSet. The default ordinals behavior assigns a \"0\" index to the first replica and increments the index by one for each additional replica requested.",
            ),
            f(
                "persistentVolumeClaimRetentionPolicy",
                Ty::Ref("StatefulSetPersistentVolumeClaimRetentionPolicy"),
                "persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent volume claims created from volumeClaimTemplates. By default, all persistent volume claims are created as needed and retained until manually deleted. This policy allows the lifecycle to be altered, for example by deleting persistent volume claims when their stateful set is deleted, or when their pod is scaled down.",
            ),
            f(
                "podManagementPolicy",
                Ty::Str,
                "podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down. The default policy is `OrderedReady`, where pods are created in increasing order (pod-0, then pod-1, etc) and the controller will wait until each pod is ready before continuing. When scaling down, the pods are removed in the opposite order. The alternative policy is `Parallel` which will create pods in parallel to match the desired scale without waiting, and on scale down will delete all pods at once.",
            ),
            f(
                "replicas",
                Ty::Int,
                "replicas is the desired number of replicas of the given Template. These are replicas in the sense that they are instantiations of the same Template, but individual replicas also have a consistent identity. If unspecified, defaults to 1.",
            ),
            f(
                "revisionHistoryLimit",
                Ty::Int,
                "revisionHistoryLimit is the maximum number of revisions that will be maintained in the StatefulSet's revision history. The revision history consists of all revisions not represented by a currently applied StatefulSetSpec version. The default value is 10.",
            ),
            required(
                "selector",
                Ty::Ref("LabelSelector"),
                "selector is a label query over pods that should match the replica count. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
            ),
            f(
                "serviceName",
                Ty::Str,
                "serviceName is the name of the service that governs this StatefulSet. This service must exist before the StatefulSet, and is responsible for the network identity of the set. Pods get DNS/hostnames that follow the pattern: pod-specific-string.serviceName.default.svc.cluster.local where \"pod-specific-string\" is managed by the StatefulSet controller.",
            ),
            required(
                "template",
                Ty::Ref("PodTemplateSpec"),
                "template is the object that describes the pod that will be created if insufficient replicas are detected. Each pod stamped out by the StatefulSet will fulfill this Template, but have a unique identity from the rest of the StatefulSet. Each pod will be named with the format <statefulsetname>-<podindex>. For example, a pod in a StatefulSet named \"web\" with index number \"3\" would be named \"web-3\". The only allowed template.spec.restartPolicy value is \"Always\".",
            ),
            f(
                "updateStrategy",
                Ty::Ref("StatefulSetUpdateStrategy"),
                "updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template.",
            ),
            f(
                "volumeClaimTemplates",
                Ty::List("PersistentVolumeClaim"),
                "volumeClaimTemplates is a list of claims that pods are allowed to reference. The StatefulSet controller is responsible for mapping network identities to claims in a way that maintains the identity of a pod. Every claim in this list must have at least one matching (by name) volumeMount in one container in the template. A claim in this list takes precedence over any volumes in the template, with the same name.",
            ),
        ],
    },
    Schema {
        name: "StatefulSetStatus",
        desc: "StatefulSetStatus represents the current state of a StatefulSet.",
        partial: false,
        fields: &[
            f(
                "availableReplicas",
                Ty::Int,
                "Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset.",
            ),
            f(
                "collisionCount",
                Ty::Int,
                "collisionCount is the count of hash collisions for the StatefulSet. The StatefulSet controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ControllerRevision.",
            ),
            f(
                "conditions",
                Ty::List("StatefulSetCondition"),
                "Represents the latest available observations of a statefulset's current state.",
            ),
            f(
                "currentReplicas",
                Ty::Int,
                "currentReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by currentRevision.",
            ),
            f(
                "currentRevision",
                Ty::Str,
                "currentRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).",
            ),
            f(
                "observedGeneration",
                Ty::Int,
                "observedGeneration is the most recent generation observed for this StatefulSet. It corresponds to the StatefulSet's generation, which is updated on mutation by the API Server.",
            ),
            f(
                "readyReplicas",
                Ty::Int,
                "readyReplicas is the number of pods created for this StatefulSet with a Ready Condition.",
            ),
            required(
                "replicas",
                Ty::Int,
                "replicas is the number of Pods created by the StatefulSet controller.",
            ),
            f(
                "updateRevision",
                Ty::Str,
                "updateRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)",
            ),
            f(
                "updatedReplicas",
                Ty::Int,
                "updatedReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by updateRevision.",
            ),
        ],
    },
    Schema {
        name: "StatefulSetCondition",
        desc: "StatefulSetCondition describes the state of a statefulset at a certain point.",
        partial: false,
        fields: &[
            f(
                "lastTransitionTime",
                Ty::Ref("Time"),
                "Last time the condition transitioned from one status to another.",
            ),
            f(
                "message",
                Ty::Str,
                "A human readable message indicating details about the transition.",
            ),
            f(
                "reason",
                Ty::Str,
                "The reason for the condition's last transition.",
            ),
            required(
                "status",
                Ty::Str,
                "Status of the condition, one of True, False, Unknown.",
            ),
            required("type", Ty::Str, "Type of statefulset condition."),
        ],
    },
    Schema {
        name: "StatefulSetUpdateStrategy",
        desc: "StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates. It includes any additional parameters necessary to perform the update for the indicated strategy.",
        partial: false,
        fields: &[
            f(
                "rollingUpdate",
                Ty::Ref("RollingUpdateStatefulSetStrategy"),
                "RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType.",
            ),
            f(
                "type",
                Ty::Str,
                "Type indicates the type of the StatefulSetUpdateStrategy. Default is RollingUpdate.",
            ),
        ],
    },
    Schema {
        name: "RollingUpdateStatefulSetStrategy",
        desc: "RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.",
        partial: false,
        fields: &[
            f(
                "maxUnavailable",
                Ty::Ref("IntOrString"),
                "The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding up. This can not be 0. Defaults to 1. This field is beta-level and is enabled by default. The field applies to all pods in the range 0 to Replicas-1. That means if there is any unavailable pod in the range 0 to Replicas-1, it will be counted towards MaxUnavailable. This setting might not be effective for the OrderedReady podManagementPolicy. That policy ensures pods are created and become ready one at a time.",
            ),
            f(
                "partition",
                Ty::Int,
                "Partition indicates the ordinal at which the StatefulSet should be partitioned for updates. During a rolling update, all pods from ordinal Replicas-1 to Partition are updated. All pods from ordinal Partition-1 to 0 remain untouched. This is helpful in being able to do a canary based deployment. The default value is 0.",
            ),
        ],
    },
    Schema {
        name: "StatefulSetOrdinals",
        desc: "StatefulSetOrdinals describes the policy used for replica ordinal assignment in this StatefulSet.",
        partial: false,
        fields: &[f(
            "start",
            Ty::Int,
            "start is the number representing the first replica's index. It may be used to number replicas from an alternate index (eg: 1-indexed) over the default 0-indexed names, or to orchestrate progressive movement of replicas from one StatefulSet to another. If set, replica indices will be in the range:\n  [.spec.ordinals.start, .spec.ordinals.start + .spec.replicas).\nIf unset, defaults to 0. Replica indices will be in the range:\n  [0, .spec.replicas).",
        )],
    },
    Schema {
        name: "StatefulSetPersistentVolumeClaimRetentionPolicy",
        desc: "StatefulSetPersistentVolumeClaimRetentionPolicy describes the policy used for PVCs created from the StatefulSet VolumeClaimTemplates.",
        partial: false,
        fields: &[
            f(
                "whenDeleted",
                Ty::Str,
                "WhenDeleted specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is deleted. The default policy of `Retain` causes PVCs to not be affected by StatefulSet deletion. The `Delete` policy causes those PVCs to be deleted.",
            ),
            f(
                "whenScaled",
                Ty::Str,
                "WhenScaled specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is scaled down. The default policy of `Retain` causes PVCs to not be affected by a scaledown. The `Delete` policy causes the associated PVCs for any excess pods above the replica count to be deleted.",
            ),
        ],
    },
    Schema {
        name: "Pod",
        desc: "",
        partial: true,
        fields: &[f(
            "spec",
            Ty::Ref("PodSpec"),
            "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
        )],
    },
    Schema {
        name: "PodTemplateSpec",
        desc: "PodTemplateSpec describes the data a pod should have when created from a template",
        partial: false,
        fields: &[
            f(
                "metadata",
                Ty::Ref("ObjectMeta"),
                "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
            ),
            f(
                "spec",
                Ty::Ref("PodSpec"),
                "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
            ),
        ],
    },
    Schema {
        name: "PodSpec",
        desc: "PodSpec is a description of a pod.",
        partial: true,
        fields: &[required(
            "containers",
            Ty::List("Container"),
            "List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.",
        )],
    },
    Schema {
        name: "Container",
        desc: "A single application container that you want to run within a pod.",
        partial: false,
        fields: &[
            f(
                "args",
                Ty::Strs,
                "Arguments to the entrypoint. The container image's CMD is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container's environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. \"$$(VAR_NAME)\" will produce the string literal \"$(VAR_NAME)\". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell",
            ),
            f(
                "command",
                Ty::Strs,
                "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container's environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. \"$$(VAR_NAME)\" will produce the string literal \"$(VAR_NAME)\". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell",
            ),
            f(
                "env",
                Ty::List("EnvVar"),
                "List of environment variables to set in the container. Cannot be updated.",
            ),
            f(
                "envFrom",
                Ty::List("EnvFromSource"),
                "List of sources to populate environment variables in the container. The keys defined within a source may consist of any printable ASCII characters except '='. When a key exists in multiple sources, the value associated with the last source will take precedence. Values defined by an Env with a duplicate key will take precedence. Cannot be updated.",
            ),
            f(
                "image",
                Ty::Str,
                "Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.",
            ),
            f(
                "imagePullPolicy",
                Ty::Str,
                "Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images",
            ),
            f(
                "lifecycle",
                Ty::Ref("Lifecycle"),
                "Actions that the management system should take in response to container lifecycle events. Cannot be updated.",
            ),
            f(
                "livenessProbe",
                Ty::Ref("Probe"),
                "Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
            ),
            required(
                "name",
                Ty::Str,
                "Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.",
            ),
            f(
                "ports",
                Ty::List("ContainerPort"),
                "List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Any port which is listening on the default \"0.0.0.0\" address inside a container will be accessible from the network. Modifying this array with strategic merge patch may corrupt the data. For more information See https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated.",
            ),
            f(
                "readinessProbe",
                Ty::Ref("Probe"),
                "Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
            ),
            f(
                "resizePolicy",
                Ty::List("ContainerResizePolicy"),
                "Resources resize policy for the container. This field cannot be set on ephemeral containers.",
            ),
            f(
                "resources",
                Ty::Ref("ResourceRequirements"),
                "Compute Resources required by this container. Cannot be updated. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
            ),
            f(
                "restartPolicy",
                Ty::Str,
                "RestartPolicy defines the restart behavior of individual containers in a pod. This overrides the pod-level restart policy. When this field is not specified, the restart behavior is defined by the Pod's restart policy and the container type. Additionally, setting the RestartPolicy as \"Always\" for the init container will have the following effect: this init container will be continually restarted on exit until all regular containers have terminated. Once all regular containers have completed, all init containers with restartPolicy \"Always\" will be shut down. This lifecycle differs from normal init containers and is often referred to as a \"sidecar\" container. Although this init container still starts in the init container sequence, it does not wait for the container to complete before proceeding to the next init container. Instead, the next init container starts immediately after this init container is started, or after any startupProbe has successfully completed.",
            ),
            f(
                "restartPolicyRules",
                Ty::List("ContainerRestartRule"),
                "Represents a list of rules to be checked to determine if the container should be restarted on exit. The rules are evaluated in order. Once a rule matches a container exit condition, the remaining rules are ignored. If no rule matches the container exit condition, the Container-level restart policy determines the whether the container is restarted or not. Constraints on the rules: - At most 20 rules are allowed. - Rules can have the same action. - Identical rules are not forbidden in validations. When rules are specified, container MUST set RestartPolicy explicitly even it if matches the Pod's RestartPolicy.",
            ),
            f(
                "securityContext",
                Ty::Ref("SecurityContext"),
                "SecurityContext defines the security options the container should be run with. If set, the fields of SecurityContext override the equivalent fields of PodSecurityContext. More info: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
            ),
            f(
                "startupProbe",
                Ty::Ref("Probe"),
                "StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully. If this probe fails, the Pod will be restarted, just as if the livenessProbe failed. This can be used to provide different probe parameters at the beginning of a Pod's lifecycle, when it might take a long time to load data or warm a cache, than during steady-state operation. This cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
            ),
            f(
                "stdin",
                Ty::Bool,
                "Whether this container should allocate a buffer for stdin in the container runtime. If this is not set, reads from stdin in the container will always result in EOF. Default is false.",
            ),
            f(
                "stdinOnce",
                Ty::Bool,
                "Whether the container runtime should close the stdin channel after it has been opened by a single attach. When stdin is true the stdin stream will remain open across multiple attach sessions. If stdinOnce is set to true, stdin is opened on container start, is empty until the first client attaches to stdin, and then remains open and accepts data until the client disconnects, at which time stdin is closed and remains closed until the container is restarted. If this flag is false, a container processes that reads from stdin will never receive an EOF. Default is false",
            ),
            f(
                "terminationMessagePath",
                Ty::Str,
                "Optional: Path at which the file to which the container's termination message will be written is mounted into the container's filesystem. Message written is intended to be brief final status, such as an assertion failure message. Will be truncated by the node if greater than 4096 bytes. The total message length across all containers will be limited to 12kb. Defaults to /dev/termination-log. Cannot be updated.",
            ),
            f(
                "terminationMessagePolicy",
                Ty::Str,
                "Indicate how the termination message should be populated. File will use the contents of terminationMessagePath to populate the container status message on both success and failure. FallbackToLogsOnError will use the last chunk of container log output if the termination message file is empty and the container exited with an error. The log output is limited to 2048 bytes or 80 lines, whichever is smaller. Defaults to File. Cannot be updated.",
            ),
            f(
                "tty",
                Ty::Bool,
                "Whether this container should allocate a TTY for itself, also requires 'stdin' to be true. Default is false.",
            ),
            f(
                "volumeDevices",
                Ty::List("VolumeDevice"),
                "volumeDevices is the list of block devices to be used by the container.",
            ),
            f(
                "volumeMounts",
                Ty::List("VolumeMount"),
                "Pod volumes to mount into the container's filesystem. Cannot be updated.",
            ),
            f(
                "workingDir",
                Ty::Str,
                "Container's working directory. If not specified, the container runtime's default will be used, which might be configured in the container image. Cannot be updated.",
            ),
        ],
    },
    Schema {
        name: "Probe",
        desc: "Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.",
        partial: false,
        fields: &[
            f(
                "exec",
                Ty::Ref("ExecAction"),
                "Exec specifies a command to execute in the container.",
            ),
            f(
                "failureThreshold",
                Ty::Int,
                "Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1.",
            ),
            f(
                "grpc",
                Ty::Ref("GRPCAction"),
                "GRPC specifies a GRPC HealthCheckRequest.",
            ),
            f(
                "httpGet",
                Ty::Ref("HTTPGetAction"),
                "HTTPGet specifies an HTTP GET request to perform.",
            ),
            f(
                "initialDelaySeconds",
                Ty::Int,
                "Number of seconds after the container has started before liveness probes are initiated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
            ),
            f(
                "periodSeconds",
                Ty::Int,
                "How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.",
            ),
            f(
                "successThreshold",
                Ty::Int,
                "Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup. Minimum value is 1.",
            ),
            f(
                "tcpSocket",
                Ty::Ref("TCPSocketAction"),
                "TCPSocket specifies a connection to a TCP port.",
            ),
            f(
                "terminationGracePeriodSeconds",
                Ty::Int,
                "Optional duration in seconds the pod needs to terminate gracefully upon probe failure. The grace period is the duration in seconds after the processes running in the pod are sent a termination signal and the time when the processes are forcibly halted with a kill signal. Set this value longer than the expected cleanup time for your process. If this value is nil, the pod's terminationGracePeriodSeconds will be used. Otherwise, this value overrides the value provided by the pod spec. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal (no opportunity to shut down). This is a beta field and requires enabling ProbeTerminationGracePeriod feature gate. Minimum value is 1. spec.terminationGracePeriodSeconds is used if unset.",
            ),
            f(
                "timeoutSeconds",
                Ty::Int,
                "Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
            ),
        ],
    },
    Schema {
        name: "ExecAction",
        desc: "ExecAction describes a \"run in container\" action.",
        partial: false,
        fields: &[f(
            "command",
            Ty::Strs,
            "Command is the command line to execute inside the container, the working directory for the command  is root ('/') in the container's filesystem. The command is simply exec'd, it is not run inside a shell, so traditional shell instructions ('|', etc) won't work. To use a shell, you need to explicitly call out to that shell. Exit status of 0 is treated as live/healthy and non-zero is unhealthy.",
        )],
    },
    Schema {
        name: "GRPCAction",
        desc: "GRPCAction specifies an action involving a GRPC service.",
        partial: false,
        fields: &[
            required(
                "port",
                Ty::Int,
                "Port number of the gRPC service. Number must be in the range 1 to 65535.",
            ),
            f(
                "service",
                Ty::Str,
                "Service is the name of the service to place in the gRPC HealthCheckRequest (see https://github.com/grpc/grpc/blob/master/doc/health-checking.md).\n\nIf this is not specified, the default behavior is defined by gRPC.",
            ),
        ],
    },
    Schema {
        name: "HTTPGetAction",
        desc: "HTTPGetAction describes an action based on HTTP Get requests.",
        partial: false,
        fields: &[
            f(
                "host",
                Ty::Str,
                "Host name to connect to, defaults to the pod IP. You probably want to set \"Host\" in httpHeaders instead.",
            ),
            f(
                "httpHeaders",
                Ty::List("HTTPHeader"),
                "Custom headers to set in the request. HTTP allows repeated headers.",
            ),
            f("path", Ty::Str, "Path to access on the HTTP server."),
            required(
                "port",
                Ty::Ref("IntOrString"),
                "Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.",
            ),
            f(
                "scheme",
                Ty::Str,
                "Scheme to use for connecting to the host. Defaults to HTTP.",
            ),
        ],
    },
    Schema {
        name: "HTTPHeader",
        desc: "HTTPHeader describes a custom header to be used in HTTP probes",
        partial: false,
        fields: &[
            required(
                "name",
                Ty::Str,
                "The header field name. This will be canonicalized upon output, so case-variant names will be understood as the same header.",
            ),
            required("value", Ty::Str, "The header field value"),
        ],
    },
    Schema {
        name: "TCPSocketAction",
        desc: "TCPSocketAction describes an action based on opening a socket",
        partial: false,
        fields: &[
            f(
                "host",
                Ty::Str,
                "Optional: Host name to connect to, defaults to the pod IP.",
            ),
            required(
                "port",
                Ty::Ref("IntOrString"),
                "Number or name of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.",
            ),
        ],
    },
    Schema {
        name: "Lifecycle",
        desc: "Lifecycle describes actions that the management system should take in response to container lifecycle events. For the PostStart and PreStop lifecycle handlers, management of the container blocks until the action is complete, unless the container process fails, in which case the handler is aborted.",
        partial: false,
        fields: &[
            f(
                "postStart",
                Ty::Ref("LifecycleHandler"),
                "PostStart is called immediately after a container is created. If the handler fails, the container is terminated and restarted according to its restart policy. Other management of the container blocks until the hook completes. More info: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#container-hooks",
            ),
            f(
                "preStop",
                Ty::Ref("LifecycleHandler"),
                "PreStop is called immediately before a container is terminated due to an API request or management event such as liveness/startup probe failure, preemption, resource contention, etc. The handler is not called if the container crashes or exits. The Pod's termination grace period countdown begins before the PreStop hook is executed. Regardless of the outcome of the handler, the container will eventually terminate within the Pod's termination grace period (unless delayed by finalizers). Other management of the container blocks until the hook completes or until the termination grace period is reached. More info: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#container-hooks",
            ),
            f(
                "stopSignal",
                Ty::Str,
                "StopSignal defines which signal will be sent to a container when it is being stopped. If not specified, the default is defined by the container runtime in use. StopSignal can only be set for Pods with a non-empty .spec.os.name",
            ),
        ],
    },
    Schema {
        name: "LifecycleHandler",
        desc: "LifecycleHandler defines a specific action that should be taken in a lifecycle hook. One and only one of the fields, except TCPSocket must be specified.",
        partial: false,
        fields: &[
            f(
                "exec",
                Ty::Ref("ExecAction"),
                "Exec specifies a command to execute in the container.",
            ),
            f(
                "httpGet",
                Ty::Ref("HTTPGetAction"),
                "HTTPGet specifies an HTTP GET request to perform.",
            ),
            f(
                "sleep",
                Ty::Ref("SleepAction"),
                "Sleep represents a duration that the container should sleep.",
            ),
            f(
                "tcpSocket",
                Ty::Ref("TCPSocketAction"),
                "Deprecated. TCPSocket is NOT supported as a LifecycleHandler and kept for backward compatibility. There is no validation of this field and lifecycle hooks will fail at runtime when it is specified.",
            ),
        ],
    },
    Schema {
        name: "SleepAction",
        desc: "SleepAction describes a \"sleep\" action.",
        partial: false,
        fields: &[required(
            "seconds",
            Ty::Int,
            "Seconds is the number of seconds to sleep.",
        )],
    },
    Schema {
        name: "ResourceRequirements",
        desc: "ResourceRequirements describes the compute resource requirements.",
        partial: false,
        fields: &[
            f(
                "claims",
                Ty::List("ResourceClaim"),
                "Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.\n\nThis field depends on the DynamicResourceAllocation feature gate.\n\nThis field is immutable. It can only be set for containers.",
            ),
            f(
                "limits",
                Ty::Map("Quantity"),
                "Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
            ),
            f(
                "requests",
                Ty::Map("Quantity"),
                "Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
            ),
        ],
    },
    Schema {
        name: "LabelSelector",
        desc: "A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.",
        partial: false,
        fields: &[
            f(
                "matchExpressions",
                Ty::List("LabelSelectorRequirement"),
                "matchExpressions is a list of label selector requirements. The requirements are ANDed.",
            ),
            f(
                "matchLabels",
                Ty::StrMap,
                "matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is \"key\", the operator is \"In\", and the values array contains only \"value\". The requirements are ANDed.",
            ),
        ],
    },
    Schema {
        name: "LabelSelectorRequirement",
        desc: "A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.",
        partial: false,
        fields: &[
            required(
                "key",
                Ty::Str,
                "key is the label key that the selector applies to.",
            ),
            required(
                "operator",
                Ty::Str,
                "operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.",
            ),
            f(
                "values",
                Ty::Strs,
                "values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch.",
            ),
        ],
    },
];

/// The schemas whose type is a string, with their descriptions (apimachinery's).
const STRING_SCHEMAS: &[(&str, &str)] = &[
    (
        "IntOrString",
        "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
    ),
    (
        "Time",
        "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.",
    ),
];

fn schema(name: &str) -> Option<&'static Schema> {
    SCHEMAS.iter().find(|s| s.name == name)
}

/// The description of a named schema this terminal carries.
fn described(name: &str) -> Option<&'static str> {
    schema(name).map(|s| s.desc).or_else(|| {
        STRING_SCHEMAS
            .iter()
            .find(|(s, _)| *s == name)
            .map(|(_, d)| *d)
    })
}

/// kubectl's `typeGuess`: `[]` for an array, the referenced schema's name for an object, its
/// type for a schema of another type (`IntOrString` and `Time` are strings).
fn type_guess(ty: Ty) -> String {
    match ty {
        Ty::Str => "string".into(),
        Ty::Int => "integer".into(),
        Ty::Bool => "boolean".into(),
        Ty::Strs => "[]string".into(),
        Ty::StrMap => "map[string]string".into(),
        Ty::Map(n) => format!("map[string]{}", type_guess(Ty::Ref(n))),
        Ty::Ref(n) if STRING_SCHEMAS.iter().any(|(s, _)| *s == n) => "string".into(),
        Ty::Ref(n) => n.into(),
        Ty::List(n) => format!("[]{}", type_guess(Ty::Ref(n))),
    }
}

/// kubectl explain's `wrap` (`pkg/explain/v2/funcs.go`, since kubernetes#126533 in v1.32):
/// the text's own line breaks removed, then mitchellh/go-wordwrap v1.0.1's `WrapString` (through
/// `term.NewWordWrapWriter`), which breaks at white space before a word that would pass
/// `lim` characters, drops the spaces at the break, and leaves a word of `lim` or more whole.
fn wrap(text: &str, lim: usize) -> String {
    let text = text.replace('\n', "");
    let mut out = String::with_capacity(text.len() + text.len() / lim.max(1));
    let (mut current, mut word, mut space) = (0usize, String::new(), String::new());
    let (mut word_len, mut space_len) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if space.is_empty() || !word.is_empty() {
                current += space_len + word_len;
                out.push_str(&space);
                out.push_str(&word);
                space.clear();
                word.clear();
                space_len = 0;
                word_len = 0;
            }
            space.push(c);
            space_len += 1;
        } else {
            word.push(c);
            word_len += 1;
            if current + word_len + space_len > lim && word_len < lim {
                out.push('\n');
                current = 0;
                space.clear();
                space_len = 0;
            }
        }
    }
    if word.is_empty() {
        if current + space_len <= lim {
            out.push_str(&space);
        }
    } else {
        out.push_str(&space);
        out.push_str(&word);
    }
    out
}

/// sprig's `indent`: every line, the empty ones too.
fn indent(n: usize, text: &str) -> String {
    let pad = " ".repeat(n);
    format!("{pad}{}", text.replace('\n', &format!("\n{pad}")))
}

/// A field of the list: `NAME\t<TYPE>[ -required-]`, then its own description.
fn field_detail(out: &mut String, field: &Field) {
    out.push_str(&indent(2, field.name));
    out.push_str(&format!("\t<{}>", type_guess(field.ty)));
    if field.required {
        out.push_str(" -required-");
    }
    out.push('\n');
    out.push_str(&indent(4, &wrap(field.desc, 76)));
    out.push_str("\n\n");
}

/// `kubectl explain TYPE[.FIELD...] [--recursive] [--api-version G/V] [--output FORMAT]`.
pub fn explain(s: &mut Session, a: &Args) -> Result {
    const SUGGEST: &str =
        "Use \"kubectl api-resources\" for a complete list of supported resources.";
    let arg = match a.positional.as_slice() {
        [] => {
            return Err(format!(
                "error: You must specify the type of resource to explain. {SUGGEST}"
            )
            .into());
        }
        [one] => one,
        _ => return Err("error: We accept only this format: explain RESOURCE".into()),
    };
    let parts: Vec<&str> = arg.split('.').collect();
    // The longest prefix that names a resource (`statefulsets.apps.spec`); the rest is the
    // field path.
    let found = (1..=parts.len())
        .rev()
        .find_map(|i| Res::parse(&parts[..i].join(".")).map(|r| (r, i)));
    let elsewhere = |what: &str| {
        format!(
            "error: this terminal's kubectl explain carries the API's documentation of StatefulSets and of a pod's containers and probes (kubectl explain statefulset.spec, pod.spec.containers.livenessProbe); try it for {what} in a cluster"
        )
    };
    let Some((res, at)) = found else {
        // A kind a cluster serves that the playground does not run (deployments...).
        if super::super::resources::unsimulated(&s.sim.world, parts[0]).is_some() {
            return Err(elsewhere(parts[0]).into());
        }
        return Err(format!(
            "error: the server doesn't have a resource type \"{}\"",
            parts[0]
        )
        .into());
    };
    // The root schema and the header of its group, kind and version.
    let (root, header, version) = match res {
        Res::StatefulSet => (
            "StatefulSet",
            "GROUP:      apps\nKIND:       StatefulSet\nVERSION:    v1\n\n",
            "apps/v1",
        ),
        Res::Pod => ("Pod", "KIND:       Pod\nVERSION:    v1\n\n", "v1"),
        _ => return Err(elsewhere(&res.qualified()).into()),
    };
    match a.get("output") {
        None | Some("plaintext") => {}
        Some("plaintext-openapiv2") => {
            return Err("error: this terminal's kubectl explain prints the OpenAPI v3 view only (--output=plaintext)".into());
        }
        Some(other) => {
            return Err(format!("error: unrecognized format: {other}").into());
        }
    }
    if let Some(v) = a.get("api-version").filter(|v| *v != version) {
        // `schema.ParseGroupVersion`: a version alone is the core group's.
        let (g, v) = v.split_once('/').unwrap_or(("", v));
        return Err(format!(
            "error: couldn't find resource for \"{g}/{v}, Resource={}\"",
            res.plural()
        )
        .into());
    }
    if a.has("recursive") {
        return Err("error: this terminal's kubectl explain has no --recursive: it carries some of the API's types, not every one a field leads to".into());
    }
    let path = &parts[at..];
    let mut out = String::from(header);
    let carried_not = |what: &str, ty: &str| {
        format!(
            "error: this terminal's kubectl explain does not carry the {ty} type's documentation ({}{what}); try it in a cluster",
            parts[..at].join(".")
        )
    };
    // Follow the path; `descs` are the descriptions the template's "description" prints for
    // the last step (the field's own, then the referenced schema's).
    let mut current = schema(root);
    let mut descs: Vec<&str> = Vec::new();
    let mut field_ty: Option<Ty> = None;
    for (i, name) in path.iter().enumerate() {
        let not_found = || format!("error: field \"{}\" does not exist", path[path.len() - 1]);
        let Some(s) = current else {
            // A scalar (or a string schema) has no fields.
            return Err(not_found().into());
        };
        let here = format!(".{}", path[..=i].join("."));
        let Some(field) = s.fields.iter().find(|f| f.name == *name) else {
            if s.partial {
                return Err(carried_not(&here, s.name).into());
            }
            return Err(not_found().into());
        };
        let target = match field.ty {
            Ty::Ref(n) | Ty::List(n) | Ty::Map(n) => Some(n),
            _ => None,
        };
        if let Some(n) = target {
            let last = i + 1 == path.len();
            if described(n).is_none() || (last && schema(n).is_some_and(|s| s.partial)) {
                return Err(carried_not(&here, n).into());
            }
        }
        if i + 1 == path.len() {
            out.push_str(&format!("FIELD: {name} <{}>\n\n\n", type_guess(field.ty)));
        }
        descs = vec![field.desc];
        descs.extend(target.and_then(described));
        current = target.and_then(schema);
        field_ty = Some(field.ty);
    }
    if field_ty.is_none() {
        if current.is_some_and(|s| s.partial) {
            return Err(carried_not("", root).into());
        }
        descs = vec![current.map_or("", |s| s.desc)];
    }
    let desc: String = descs.iter().map(|d| format!("{d}\n")).collect();
    out.push_str("DESCRIPTION:\n");
    out.push_str(&indent(4, &wrap(&desc, 76)));
    out.push('\n');
    if let Some(s) = current {
        out.push_str("FIELDS:\n");
        for field in s.fields {
            field_detail(&mut out, field);
        }
    }
    out.push('\n');
    Ok(Output::ok(out))
}
