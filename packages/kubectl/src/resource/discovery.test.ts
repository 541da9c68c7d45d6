// Reading aggregated discovery (APIGroupDiscoveryList) the way client-go converts it.
import { describe, expect, it } from 'vitest';
import { parseAggregated } from './discovery.js';
import { parseGoJson } from '../go/decode.js';

const doc = parseGoJson(
  JSON.stringify({
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    items: [
      {
        metadata: { name: 'autoscaling' },
        versions: [
          {
            version: 'v2',
            resources: [
              {
                resource: 'horizontalpodautoscalers',
                singularResource: 'horizontalpodautoscaler',
                scope: 'Namespaced',
                responseKind: {
                  group: 'autoscaling',
                  version: 'v2',
                  kind: 'HorizontalPodAutoscaler',
                },
                shortNames: ['hpa'],
                categories: ['all'],
                verbs: ['get', 'list', 'watch'],
                subresources: [
                  {
                    subresource: 'status',
                    verbs: ['get'],
                    responseKind: {
                      group: 'autoscaling',
                      version: 'v2',
                      kind: 'HorizontalPodAutoscaler',
                    },
                  },
                  { subresource: 'broken' },
                ],
              },
              { resource: 'nokind', scope: 'Cluster' },
            ],
          },
          { version: 'v1', freshness: 'Stale', resources: [] },
          { version: 'v1beta1', resources: [] },
        ],
      },
    ],
  }),
);

describe('parseAggregated', () => {
  it('keeps version order (first = preferred), skips stale versions and kindless resources, keeps verbs', () => {
    const { groups, lists } = parseAggregated(doc);
    expect(groups).toEqual([
      { name: 'autoscaling', versions: ['v2', 'v1beta1'], preferredVersion: 'v2' },
    ]);
    expect(lists).toEqual([
      {
        group: 'autoscaling',
        version: 'v2',
        resources: [
          {
            name: 'horizontalpodautoscalers',
            singularName: 'horizontalpodautoscaler',
            namespaced: true,
            kind: 'HorizontalPodAutoscaler',
            shortNames: ['hpa'],
            categories: ['all'],
            verbs: ['get', 'list', 'watch'],
          },
          {
            name: 'horizontalpodautoscalers/status',
            singularName: 'horizontalpodautoscaler',
            namespaced: true,
            kind: 'HorizontalPodAutoscaler',
            shortNames: [],
            categories: [],
            verbs: ['get'],
          },
        ],
      },
      { group: 'autoscaling', version: 'v1beta1', resources: [] },
    ]);
  });

  it('reads nothing from a document that is not aggregated discovery', () => {
    expect(parseAggregated(parseGoJson('{"kind":"APIGroupList","groups":[]}'))).toEqual({
      groups: [],
      lists: [],
    });
  });
});
