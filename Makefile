# multiarch.openstack: set up and test.
#
#   make test     set up everything (Debian packages, virtualenvs) and run every gate:
#                 unit tests, ansible-test sanity and integration under ansible-core 2.19 (Python 3.11)
#                 and the newest 2.2x (Python 3.13), ansible-lint (production profile),
#                 changelog lint, build + offline install of the collection tarball.
#   make deps     only the set-up part
#   make units | sanity | integration | lint | build-test | changelog-lint | molecule
#                 one gate (CORE=219|221)
#
# Virtualenvs live under .venv/, the collection tree ansible-test needs under .build/.

SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

ROOT := $(CURDIR)
BUILD := $(ROOT)/.build
COLL := $(BUILD)/ansible_collections/multiarch/openstack
CORE ?= 219
CORES := 219 221
VENV = $(ROOT)/.venv/core$(CORE)
PY311 ?= $(shell command -v python3.11 || command -v python3)
PY313 ?= $(shell PYENV_VERSION=3.13.0 pyenv which python3 2>/dev/null || command -v python3.13)
SPEC_219 := ansible-core>=2.19,<2.20 ansible>=12,<13
SPEC_221 := ansible-core>=2.21,<2.22 ansible>=14,<15
TOOLS := pytest netaddr antsibull-changelog
# openstacksdk: for openstack.cloud's modules on the Ansible controller. openstack.cloud 2.5 reads
# openstack.version without importing it, which openstacksdk 4.16+ no longer imports for it.
LINT_TOOLS := ansible-lint molecule pytest-testinfra 'openstacksdk>=1.0,<4.11'
DEB_PACKAGES := rsync git cpio debian-archive-keyring libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients \
	qemu-system-x86 qemu-system-arm qemu-system-ppc qemu-efi-aarch64 ovmf util-linux shellcheck

.PHONY: test deps debs venvs tree pip-bootstrap units sanity integration lint build-test changelog-lint molecule lab-up lab-down demo validate clean

test: deps
	start=$$(date +%s)
	for core in $(CORES); do
		$(MAKE) --no-print-directory CORE=$$core units sanity integration
	done
	$(MAKE) --no-print-directory CORE=219 lint changelog-lint build-test
	# the heavy scenario runs once, under ansible-core 2.19
	$(MAKE) --no-print-directory CORE=219 molecule
	echo "make test: all gates passed in $$(( $$(date +%s) - start ))s"

deps: debs venvs

debs:
	missing=""
	for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; done
	if [ -n "$$missing" ]; then
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q
		apt-get install -y -q --no-install-recommends $$missing
	fi

venvs:
	for core in $(CORES); do
		case $$core in 219) py="$(PY311)"; spec='$(SPEC_219)';; 221) py="$(PY313)"; spec='$(SPEC_221)';; esac
		venv=$(ROOT)/.venv/core$$core
		stamp="$$venv/.installed-$$(echo "$$spec $(TOOLS) $(LINT_TOOLS)" | md5sum | cut -c1-8)"
		if [ ! -f "$$stamp" ]; then
			rm -rf "$$venv"
			"$$py" -m venv "$$venv"
			"$$venv/bin/pip" install -q --upgrade pip
			"$$venv/bin/pip" install -q $$spec $(TOOLS)
			if [ $$core = 219 ]; then "$$venv/bin/pip" install -q $(LINT_TOOLS); fi
			touch "$$stamp"
		fi
	done

# ansible-test needs the collection at ansible_collections/<namespace>/<name>: copy the
# files git knows (tracked and new, not ignored) into .build, where a git index of its own
# tells ansible-test which files belong to the collection.
tree:
	mkdir -p $(COLL)
	git -C $(ROOT) ls-files -z --cached --others --exclude-standard \
		| rsync -a --delete --from0 --files-from=- $(ROOT)/ $(COLL)/
	# drop files deleted from the work tree since the last copy
	cd $(COLL) && comm -13 <(git -C $(ROOT) ls-files --cached --others --exclude-standard | sort) \
		<(find . -type f -not -path './tests/output/*' -not -path './.git/*' | sed 's|^\./||' | sort) | xargs -r rm -f
	# ansible-test lists a collection's files with git: give the copy its own index
	cd $(COLL) && { [ -d .git ] || git init -q; } && git add -A

units: tree
	cd $(COLL) && PYTHONPATH=$(BUILD) $(VENV)/bin/python -m pytest -q -p no:cacheprovider tests/unit

# ansible-test bootstraps pip in its venvs with a script from ci-files.testing.ansible.com;
# where only PyPI is reachable, hacking/ansible_test_get_pip.py stands in for it.
pip-bootstrap:
	pipver=$$(sed -n "s/^ *pip='\([0-9.]*\)',*$$/\1/p" $(VENV)/lib/python3*/site-packages/ansible_test/_internal/python_requirements.py | head -n1)
	cache=$$HOME/.ansible/test/cache/get_pip_$${pipver//./_}.py
	mkdir -p "$$(dirname "$$cache")"
	cmp -s $(ROOT)/hacking/ansible_test_get_pip.py "$$cache" || cp $(ROOT)/hacking/ansible_test_get_pip.py "$$cache"

sanity: tree pip-bootstrap
	pyver=$$($(VENV)/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
	cd $(COLL) && $(VENV)/bin/ansible-test sanity --venv --python $$pyver --color no

integration: tree
	trap '$(ROOT)/tests/integration/libvirtd.sh stop' EXIT
	$(ROOT)/tests/integration/libvirtd.sh start
	cd $(COLL) && PATH=$(VENV)/bin:$$PATH $(VENV)/bin/ansible-test integration --local --color no \
		--python-interpreter $(VENV)/bin/python

lint: tree
	cd $(COLL) && PATH=$(VENV)/bin:$$PATH ANSIBLE_HOME=$(BUILD)/ansible-home ANSIBLE_COLLECTIONS_PATH=$(BUILD) $(VENV)/bin/ansible-lint --profile production

changelog-lint: tree
	cd $(COLL) && $(VENV)/bin/antsibull-changelog lint

# Build the tarball and install it offline into an empty path, then use it from there.
build-test: tree
	dist=$$(mktemp -d); dest=$$(mktemp -d)
	trap 'rm -rf "$$dist" "$$dest"' EXIT
	cd $(COLL) && $(VENV)/bin/ansible-galaxy collection build --output-path "$$dist"
	tarball=$$(ls "$$dist"/multiarch-openstack-*.tar.gz)
	echo "built $$tarball ($$(du -k "$$tarball" | cut -f1) KiB)"
	if tar -tzf "$$tarball" | grep -E '^(\./)?(\.venv|\.build|\.git|tests|hacking|benchmarks)(/|$$)|(^|/)__pycache__(/|$$)'; then
		echo "the tarball contains files that are not the collection" >&2; exit 1
	fi
	# --force: a copy installed elsewhere (~/.ansible/collections) must not stand in for this tarball
	$(VENV)/bin/ansible-galaxy collection install --offline --force -p "$$dest" "$$tarball"
	ANSIBLE_COLLECTIONS_PATH="$$dest" $(VENV)/bin/ansible-doc -t module multiarch.openstack.arch_facts >/dev/null
	ANSIBLE_COLLECTIONS_PATH="$$dest" $(VENV)/bin/ansible-doc -t filter multiarch.openstack.canonical_arch >/dev/null
	ANSIBLE_COLLECTIONS_PATH="$$dest" $(VENV)/bin/ansible localhost -c local -m multiarch.openstack.arch_facts \
		-a gather_libvirt=false | grep -q "\"architecture\": \"$$(uname -m)\""
	ANSIBLE_COLLECTIONS_PATH="$$dest" $(VENV)/bin/ansible localhost -c local -m ansible.builtin.debug \
		-a "msg={{ 'arm64' | multiarch.openstack.canonical_arch }}" | grep -q '"msg": "aarch64"'
	echo "build-test: tarball installs offline and works from $$dest"

# Molecule scenarios on real lab hosts; afterwards nothing of the scenario's lab may remain.
#   default       x86_64, aarch64 and ppc64le hosts: the modules
#   controlplane  an x86_64 controller: multiarch.openstack.site's control plane
SCENARIOS ?= default mixed
molecule: tree
	for scenario in $(SCENARIOS); do
		(cd $(COLL) && PATH=$(VENV)/bin:$$PATH ANSIBLE_HOME=$(BUILD)/ansible-home ANSIBLE_COLLECTIONS_PATH=$(BUILD) \
			$(VENV)/bin/molecule test -s $$scenario)
		$(ROOT)/tests/lab/check_clean.sh --vars $(ROOT)/molecule/$$scenario/vars/lab.yml \
			$$($(VENV)/bin/python -c 'import sys, yaml; print(" ".join(p["name"] for p in yaml.safe_load(open(sys.argv[1]))["platforms"]))' \
				$(ROOT)/molecule/$$scenario/molecule.yml)
	done

# The default lab (playbooks/lab_up.yml): inventory at /var/lib/multiarch-openstack/lab/inventory.yml
lab-up: debs venvs tree
	cd $(COLL) && ANSIBLE_COLLECTIONS_PATH=$(BUILD) $(ROOT)/.venv/core219/bin/ansible-playbook playbooks/lab_up.yml

# The demo: the default lab, the mixed-architecture cloud on it (multiarch.openstack.site), then a guest
# booted per architecture and its table (multiarch.openstack.validate; `make validate` runs it again).
LAB_INVENTORY := /var/lib/multiarch-openstack/lab/inventory.yml
demo: lab-up
	cd $(COLL) && ANSIBLE_COLLECTIONS_PATH=$(BUILD) $(ROOT)/.venv/core219/bin/ansible-playbook -i $(LAB_INVENTORY) playbooks/site.yml
	cd $(COLL) && ANSIBLE_COLLECTIONS_PATH=$(BUILD) $(ROOT)/.venv/core219/bin/ansible-playbook -i $(LAB_INVENTORY) playbooks/validate.yml

validate: tree
	cd $(COLL) && ANSIBLE_COLLECTIONS_PATH=$(BUILD) $(ROOT)/.venv/core219/bin/ansible-playbook -i $(LAB_INVENTORY) playbooks/validate.yml

lab-down: venvs tree
	cd $(COLL) && ANSIBLE_COLLECTIONS_PATH=$(BUILD) $(ROOT)/.venv/core219/bin/ansible-playbook playbooks/lab_down.yml

clean:
	rm -rf $(BUILD) $(ROOT)/.venv
