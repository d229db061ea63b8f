# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one call layer of the collection, for every AWS service it calls (acm-pca, s3, acm).

- ``client``: the client for a service and region (``module.client(service, region=...)`` for modules,
  ``lookup_clients`` for lookups), and ``AwsApi``, the one call wrapper every task uses.
- ``advice``: one advice table per service; ``errors``: the one transport-error classifier.
- ``retry``: the task's time budget; ``waiter``: the one poller, on botocore's waiter definitions.
- ``arn``: ARNs (on amazon.aws's ``parse_aws_arn``); ``region``: the one region rule.

Adding a service is one entry in ``advice.SERVICES``. Private to this collection: names may change.
"""
