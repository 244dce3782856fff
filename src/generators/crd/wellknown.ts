/**
 * Schemas of the runtime's well-known types (the TypeScript mirrors of meta/v1, resource and intstr types)
 * in the form the apiserver expects in a CRD. Every call returns a fresh object the caller may mutate.
 */
import type { WellKnownName } from '../../model/types.js';
import type { JSONSchemaProps } from './schema-types.js';

/** The pattern Kubernetes publishes for resource.Quantity strings. */
export const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

/** The int-or-string form the structural-schema rules accept. */
export function intOrStringSchema(): JSONSchemaProps {
  return {
    anyOf: [{ type: 'integer' }, { type: 'string' }],
    'x-kubernetes-int-or-string': true,
  };
}

const str = (description: string): JSONSchemaProps => ({
  type: 'string',
  description,
});
const dateTime = (description: string): JSONSchemaProps => ({
  type: 'string',
  format: 'date-time',
  description,
});
const int32 = (description: string): JSONSchemaProps => ({
  type: 'integer',
  format: 'int32',
  description,
});
const int64 = (description: string): JSONSchemaProps => ({
  type: 'integer',
  format: 'int64',
  description,
});
const stringMap = (description: string): JSONSchemaProps => ({
  type: 'object',
  additionalProperties: { type: 'string' },
  description,
});
const stringList = (description: string, listType: 'atomic' | 'set'): JSONSchemaProps => ({
  type: 'array',
  items: { type: 'string' },
  'x-kubernetes-list-type': listType,
  description,
});

function ownerReference(): JSONSchemaProps {
  return {
    type: 'object',
    description:
      'OwnerReference identifies an object that owns the object holding the reference; owners must be in the same namespace or cluster-scoped.',
    properties: {
      apiVersion: str('API version of the owner.'),
      blockOwnerDeletion: {
        type: 'boolean',
        description:
          'If true and the owner has the "foregroundDeletion" finalizer, the owner cannot be deleted from storage until this reference is removed.',
      },
      controller: {
        type: 'boolean',
        description: 'If true, this reference points to the managing controller.',
      },
      kind: str('Kind of the owner.'),
      name: str('Name of the owner.'),
      uid: str('UID of the owner.'),
    },
    required: ['apiVersion', 'kind', 'name', 'uid'],
    'x-kubernetes-map-type': 'atomic',
  };
}

function managedFieldsEntry(): JSONSchemaProps {
  return {
    type: 'object',
    description: 'ManagedFieldsEntry records the workflow ID and version of a field set that a manager owns.',
    properties: {
      apiVersion: str('Version of the resource the field set applies to.'),
      fieldsType: str('Format of the fields field; the only valid value is "FieldsV1".'),
      fieldsV1: {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        description: 'The field set in FieldsV1 format.',
      },
      manager: str('Identifier of the workflow managing these fields.'),
      operation: str('Operation that caused this entry: "Apply" or "Update".'),
      subresource: str('Subresource the entry was recorded for; empty for the main resource.'),
      time: dateTime('Timestamp of the last change of this entry.'),
    },
  };
}

function objectMeta(): JSONSchemaProps {
  return {
    type: 'object',
    description: 'Standard object metadata.',
    properties: {
      annotations: stringMap('Unstructured key/value map stored with the object.'),
      creationTimestamp: dateTime('Time the object was created; set by the server.'),
      deletionGracePeriodSeconds: int64('Seconds allowed for graceful termination before removal; set by the server.'),
      deletionTimestamp: dateTime('Time after which the object will be deleted; set by the server.'),
      finalizers: stringList('Finalizers that must be empty before the object is deleted from storage.', 'set'),
      generateName: str('Prefix the server uses to generate a unique name when name is empty.'),
      generation: int64('Sequence number of the desired state; set by the server.'),
      labels: stringMap('Map of string keys and values used to organize and select objects.'),
      managedFields: {
        type: 'array',
        items: managedFieldsEntry(),
        'x-kubernetes-list-type': 'atomic',
        description: 'Field management records of the object.',
      },
      name: str('Name of the object, unique within a namespace.'),
      namespace: str('Namespace of the object; empty for cluster-scoped objects.'),
      ownerReferences: {
        type: 'array',
        items: ownerReference(),
        'x-kubernetes-list-map-keys': ['uid'],
        'x-kubernetes-list-type': 'map',
        description: 'Objects this object depends on.',
      },
      resourceVersion: str('Opaque version of the object, used for optimistic concurrency.'),
      selfLink: str('Deprecated; not set by the server.'),
      uid: str('Unique identifier of the object in time and space; set by the server.'),
    },
  };
}

function listMeta(): JSONSchemaProps {
  return {
    type: 'object',
    description: 'Standard list metadata.',
    properties: {
      continue: str('Token to retrieve the next page of a paginated list.'),
      remainingItemCount: int64('Number of items not yet returned by a paginated list, when known.'),
      resourceVersion: str('Version of the list, used to start a watch.'),
      selfLink: str('Deprecated; not set by the server.'),
    },
  };
}

function labelSelectorRequirement(): JSONSchemaProps {
  return {
    type: 'object',
    description: 'A selector requirement: a key, an operator and values.',
    properties: {
      key: str('The label key the selector applies to.'),
      operator: str('Relation of the key to the values: In, NotIn, Exists or DoesNotExist.'),
      values: stringList('Values for In and NotIn (non-empty); empty for Exists and DoesNotExist.', 'atomic'),
    },
    required: ['key', 'operator'],
  };
}

function labelSelector(): JSONSchemaProps {
  return {
    type: 'object',
    description: 'A label query over a set of resources; an empty selector matches everything, a null one nothing.',
    properties: {
      matchExpressions: {
        type: 'array',
        items: labelSelectorRequirement(),
        'x-kubernetes-list-type': 'atomic',
        description: 'Label selector requirements, ANDed.',
      },
      matchLabels: stringMap('Map of {key,value} pairs, each equivalent to an In requirement with a single value.'),
    },
    'x-kubernetes-map-type': 'atomic',
  };
}

function condition(): JSONSchemaProps {
  return {
    type: 'object',
    description: 'Condition contains details for one aspect of the current state of the resource.',
    properties: {
      lastTransitionTime: dateTime('Last time the condition transitioned from one status to another.'),
      message: {
        type: 'string',
        maxLength: 32768,
        description: 'Human-readable message with details about the transition.',
      },
      observedGeneration: {
        type: 'integer',
        format: 'int64',
        minimum: 0,
        description: 'The .metadata.generation the condition was set from.',
      },
      reason: {
        type: 'string',
        maxLength: 1024,
        minLength: 1,
        pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
        description: "Programmatic identifier of the reason for the condition's last transition, in CamelCase.",
      },
      status: {
        type: 'string',
        enum: ['True', 'False', 'Unknown'],
        description: 'Status of the condition.',
      },
      type: {
        type: 'string',
        maxLength: 316,
        pattern:
          '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
        description: 'Type of condition in CamelCase or in foo.example.com/CamelCase.',
      },
    },
    required: ['lastTransitionTime', 'message', 'reason', 'status', 'type'],
  };
}

function statusCause(): JSONSchemaProps {
  return {
    type: 'object',
    description: 'More information about a failure.',
    properties: {
      field: str('The field of the resource that caused the error, if any.'),
      message: str('Human-readable description of the cause.'),
      reason: str('Machine-readable description of the cause.'),
    },
  };
}

function statusDetails(): JSONSchemaProps {
  return {
    type: 'object',
    description: 'Additional properties a server may set on a Status.',
    properties: {
      causes: {
        type: 'array',
        items: statusCause(),
        'x-kubernetes-list-type': 'atomic',
        description: 'Causes of the error.',
      },
      group: str('Group of the resource the status is about.'),
      kind: str('Kind of the resource the status is about.'),
      name: str('Name of the resource the status is about.'),
      retryAfterSeconds: int32('Seconds the client should wait before retrying.'),
      uid: str('UID of the resource the status is about.'),
    },
  };
}

function status(): JSONSchemaProps {
  return {
    type: 'object',
    description: 'Status is the return value of calls that do not return other objects.',
    properties: {
      apiVersion: str('API version of the object.'),
      code: int32('Suggested HTTP return code.'),
      details: statusDetails(),
      kind: str('Kind of the object.'),
      message: str('Human-readable description of the status.'),
      metadata: listMeta(),
      reason: str('Machine-readable description of why the operation is in the Failure status.'),
      status: str('Status of the operation: Success or Failure.'),
    },
  };
}

function scaleSpec(): JSONSchemaProps {
  return {
    type: 'object',
    description: 'Desired attributes of a scale subresource.',
    properties: { replicas: int32('Desired number of instances.') },
  };
}

function scaleStatus(): JSONSchemaProps {
  return {
    type: 'object',
    description: 'Current status of a scale subresource.',
    properties: {
      replicas: int32('Actual number of observed instances.'),
      selector: str('Label query over pods that should match the replica count, in string form.'),
    },
    required: ['replicas'],
  };
}

function scale(): JSONSchemaProps {
  return {
    type: 'object',
    description: 'Scale represents a scaling request for a resource.',
    properties: {
      apiVersion: str('API version of the object.'),
      kind: str('Kind of the object.'),
      metadata: objectMeta(),
      spec: scaleSpec(),
      status: scaleStatus(),
    },
  };
}

function typeMeta(): JSONSchemaProps {
  return {
    type: 'object',
    properties: {
      apiVersion: str('Versioned schema of this representation of an object.'),
      kind: str('REST resource this object represents.'),
    },
  };
}

/**
 * The schema of a well-known type in a nested position. (The root `metadata` of a kind is handled by the
 * caller: it is `type: object` only, as the apiserver supplies ObjectMeta's schema itself.)
 */
export function wellKnownSchema(name: WellKnownName): JSONSchemaProps {
  switch (name) {
    case 'TypeMeta':
      return typeMeta();
    case 'ObjectMeta':
      return objectMeta();
    case 'ListMeta':
      return listMeta();
    case 'OwnerReference':
      return ownerReference();
    case 'ManagedFieldsEntry':
      return managedFieldsEntry();
    case 'Time':
    case 'MicroTime':
      return { type: 'string', format: 'date-time' };
    case 'Duration':
      return { type: 'string' };
    case 'Quantity':
      return { ...intOrStringSchema(), pattern: QUANTITY_PATTERN };
    case 'IntOrString':
      return intOrStringSchema();
    case 'Condition':
      return condition();
    case 'LabelSelector':
      return labelSelector();
    case 'LabelSelectorRequirement':
      return labelSelectorRequirement();
    case 'RawExtension':
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    case 'Status':
      return status();
    case 'StatusDetails':
      return statusDetails();
    case 'StatusCause':
      return statusCause();
    case 'Scale':
      return scale();
    case 'ScaleSpec':
      return scaleSpec();
    case 'ScaleStatus':
      return scaleStatus();
  }
}
