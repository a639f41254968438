# -*- coding: utf-8 -*-
# Copyright (c) 2026 multiarch.openstack contributors
# Apache License 2.0 (see LICENSE or https://www.apache.org/licenses/LICENSE-2.0)
"""Glance helpers: does an image as Glance has it differ from the one arch_images chose?"""

from __future__ import annotations

from ansible.errors import AnsibleFilterError


def _by_name(glance_images, name):
    found = [image for image in glance_images if image.get('name') == name]
    return found[0] if found else None


def _glance_value(image, key):
    """A property as openstacksdk reports it: an attribute it models, else under `properties`."""
    value = image.get(key)
    if value is None:
        value = (image.get('properties') or {}).get(key)
    return value


def _check_glance_images(glance_images):
    if not isinstance(glance_images, list):
        raise AnsibleFilterError('image_differences: the input must be the list of images of '
                                 'openstack.cloud.image_info (its images), got %s %r'
                                 % (type(glance_images).__name__, glance_images))
    for index, image in enumerate(glance_images):
        if not isinstance(image, dict):
            raise AnsibleFilterError('image_differences: input[%d] must be an image (a mapping) of '
                                     'openstack.cloud.image_info, got %s %r' % (index, type(image).__name__, image))
        if not isinstance(image.get('properties') or {}, dict):
            raise AnsibleFilterError('image_differences: input[%d] (%s): properties must be a mapping, got %s %r'
                                     % (index, image.get('name'), type(image['properties']).__name__,
                                        image['properties']))


def _check_wanted(wanted):
    if not isinstance(wanted, dict) or not isinstance(wanted.get('image'), dict):
        raise AnsibleFilterError('image_differences: the argument must be an entry of arch_images images '
                                 '(with image.name and properties), not %r' % (wanted,))
    image = wanted['image']
    name = image.get('name')
    if not isinstance(name, str) or not name.strip():
        raise AnsibleFilterError('image_differences: the argument\'s image.name must be a non-empty string, got %r'
                                 % (name,))
    min_ram = image.get('min_ram', 0)
    if isinstance(min_ram, bool) or not isinstance(min_ram, int) or min_ram < 0:
        raise AnsibleFilterError('image_differences: the argument\'s image.min_ram must be an integer >= 0 '
                                 '(MiB), got %r' % (min_ram,))
    properties = wanted.get('properties')
    if properties is not None and not isinstance(properties, dict):
        raise AnsibleFilterError('image_differences: the argument\'s properties must be a mapping, got %s %r'
                                 % (type(properties).__name__, properties))
    for key, value in (properties or {}).items():
        if not isinstance(key, str) or not key or isinstance(value, (dict, list)) or value is None:
            raise AnsibleFilterError('image_differences: the argument\'s properties: %r: %r is not a Glance '
                                     'property (a name and a string, number or boolean)' % (key, value))


def image_differences(glance_images, wanted):
    """What differs between Glance's images and one entry of arch_images' `images`.

    `glance_images` is openstack.cloud.image_info's `images`; `wanted` has `image` (the catalog entry:
    name, min_ram, optional kernel/ramdisk booted by id) and `properties`. Returns a list of
    human-readable differences, empty when Glance already has the image as wanted.
    """
    _check_glance_images(glance_images)
    _check_wanted(wanted)
    image = wanted['image']
    found = _by_name(glance_images, image['name'])
    if found is None:
        return ['%s: not in Glance' % image['name']]
    differences = []
    if str(found.get('min_ram')) != str(image.get('min_ram', 0)):
        differences.append('min_ram: %s, wanted %s' % (found.get('min_ram'), image.get('min_ram', 0)))
    if found.get('visibility') != 'public':
        differences.append('visibility: %s, wanted public' % found.get('visibility'))
    for key, value in sorted((wanted.get('properties') or {}).items()):
        have = _glance_value(found, key)
        if have is None or str(have) != str(value):
            differences.append('%s: %s, wanted %s' % (key, have, value))
    if 'kernel' in image:
        for part in ('kernel', 'ramdisk'):
            companion = _by_name(glance_images, '%s-%s' % (image['name'], part))
            have = _glance_value(found, part + '_id')
            if companion is None or have != companion.get('id'):
                differences.append('%s_id: %s, wanted the id of %s-%s' % (part, have, image['name'], part))
    return differences


class FilterModule(object):
    """Glance filters."""

    def filters(self):
        return {'image_differences': image_differences}
