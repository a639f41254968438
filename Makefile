# multiarch.openstack: set up and test.
#
#   make test     set up everything (Debian packages, virtualenvs) and run every gate:
#                 unit tests, ansible-test sanity and integration under ansible-core 2.19 (Python 3.11)
#                 and the newest 2.2x (Python 3.13), ansible-lint (production profile),
#                 changelog lint, build + offline install of the collection tarball, molecule's
#                 default scenario under 2.21 and its mixed scenario (the whole deploy) under 2.19.
#   make deps     only the set-up part
#   make units | sanity | integration | lint | build-test | changelog-lint | molecule
#                 one gate (CORE=219|221)
#   make ee       ansible-builder create of execution-environment.yml, its context checked
#   make docs     the documentation site (antsibull-docs + Sphinx) in .build/docs/build/html
#   make docs-lint  antsibull-docs lint-collection-docs
#   make molecule-221  molecule's default scenario under ansible-core 2.21 (make test runs it: about 5 minutes warm)
#
# Virtualenvs are linked from .venv/ (built once under ~/.cache/multiarch-openstack/venv), the collection
# tree ansible-test needs lives under .build/.

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
LINT_TOOLS := ansible-lint molecule pytest-testinfra openstacksdk>=1.0,<4.11
# Added to an existing venv (own stamp, the venv is kept): 219 for the ee and docs gates, 221 to run molecule.
EXTRA_TOOLS_219 := ansible-builder antsibull-docs sphinx sphinx-ansible-theme myst-parser
EXTRA_TOOLS_221 := molecule pytest-testinfra
DEB_PACKAGES := rsync git cpio debian-archive-keyring libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients \
	qemu-system-x86 qemu-system-arm qemu-system-ppc qemu-efi-aarch64 ovmf util-linux shellcheck \
	qemu-user-static gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross \
	gcc-s390x-linux-gnu libc6-dev-s390x-cross gcc chromium

.PHONY: test deps debs venvs tree pip-bootstrap units sanity integration lint build-test changelog-lint ee docs docs-lint molecule lab-up lab-down demo validate clean

test: deps
	start=$$(date +%s)
	mkdir -p $(BUILD) && : > $(BUILD)/gate-times
	# gates that do not share state run together: most of them are one process at a time, so two or three of them
	# take little more than the longest. The first one's output shows as it runs, the others' when all are done. The
	# first gate to fail stops the others (each runs in a session of its own: its whole process group is stopped) and
	# its output is printed at once; a scenario's lab stopped so is destroyed by that scenario's next run, which
	# begins with molecule's destroy.
	together() {
		local t=$$(date +%s) i pid rc first="" running=() failed="" class
		local -A job_of=() log_of=()
		# the collection's tree once, before: two copies into it at once would race
		$(MAKE) --no-print-directory tree
		i=0
		for job in "$$@"; do
			# the first gate at the usual priority, the others at the lowest (CPU and I/O): they take what it leaves idle
			# instead of slowing it down. Each in a CPU cgroup of its own, which also counts the CPU of every process it
			# starts (its lab hosts' too) into gate-times.
			class=beside
			[ "$$i" != 0 ] || class=deploy
			# a session, and so a process group, per gate: make, its recipes and tee
			setsid $(ROOT)/hacking/gate-cgroup.sh gate-$$i $$class $(BUILD)/gate-times bash -o pipefail -c '"$$0" --no-print-directory -o tree $$1 2>&1 | tee "$$2" | { [ "$$3" = 0 ] && cat || cat >/dev/null; }' \
				"$(MAKE)" "$$job" $(BUILD)/gate-$$i.log "$$i" &
			running+=($$!); job_of[$$!]="gate-$$i: make $$job"; log_of[$$!]=$(BUILD)/gate-$$i.log; first=$${first:-$$!}
			i=$$((i + 1))
		done
		# stopped itself (CI's time limit, ^C): the gates in their own sessions are stopped too
		trap 'for pid in "$${running[@]}"; do kill -TERM -- -"$$pid" 2>/dev/null || true; done; exit 143' TERM INT HUP
		while [ "$${#running[@]}" -gt 0 ]; do
			rc=0; wait -n -p pid "$${running[@]}" || rc=$$?
			running=($$(printf '%s\n' "$${running[@]}" | grep -vx "$$pid" || true))
			echo "$${job_of[$$pid]}: ended (exit $$rc) after $$(( $$(date +%s) - t ))s" >> $(BUILD)/gate-times
			if [ "$$rc" != 0 ]; then
				failed=$${job_of[$$pid]}
				echo "make test: $$failed failed (exit $$rc); stopping the gates still running" >&2
				[ "$$pid" = "$$first" ] || cat "$${log_of[$$pid]}"
				for pid in "$${running[@]}"; do kill -TERM -- -"$$pid" 2>/dev/null || true; done
				wait || true
				break
			fi
		done
		trap - TERM INT HUP
		i=0
		for job in "$$@"; do
			[ "$$i" = 0 ] || [ -n "$$failed" ] || { echo "=== make $$job (run beside make $$1)"; cat $(BUILD)/gate-$$i.log; }
			i=$$((i + 1))
		done
		if [ -n "$$failed" ]; then echo "make test: failed: $$failed" >&2; return 1; fi
		echo "make test: $$(printf '[%s] ' "$$@")together took $$(( $$(date +%s) - t ))s" | tee -a $(BUILD)/gate-times
	}
	# Every gate at once, the heavy scenario first (the whole deploy, once, under ansible-core 2.19: the longest, so
	# it starts at once and its output shows as it runs); beside it each core's units, sanity and integration, the
	# lint-like gates, the tarball installed as README tells an operator with each core's ansible package (each in a
	# HOME of its own) and the light scenario (the lab, the modules) under the newest core: their CPU is mostly what
	# the deploy leaves idle. Each scenario's lab has its own state directory, bridge and network. The integration
	# targets share one test libvirtd, started here (with a pid file of its own: each `make integration` then finds
	# it running and leaves it).
	shared_libvirtd="LIBVIRTD_TEST_STATE=$(BUILD)/test-libvirtd.pid $(ROOT)/tests/integration/libvirtd.sh"
	trap "env $$shared_libvirtd stop" EXIT
	env $$shared_libvirtd start
	together "CORE=219 SCENARIOS=mixed molecule" \
		"CORE=219 units sanity integration" "CORE=221 units sanity integration" \
		"CORE=219 lint changelog-lint docs-lint docs ee" "CORE=219 build-test" "CORE=221 build-test" \
		"CORE=221 SCENARIOS=default molecule"
	env $$shared_libvirtd stop
	trap - EXIT
	cat $(BUILD)/gate-times
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

# A virtualenv per ansible-core line, built once per specification under VENV_CACHE (a clean clone, as
# CI's, reuses it: about 4 minutes of pip installs) and linked from .venv/coreNNN. Builds of an older
# specification are removed.
VENV_CACHE ?= $(HOME)/.cache/multiarch-openstack/venv
venvs:
	mkdir -p $(VENV_CACHE) $(ROOT)/.venv
	exec 9>$(VENV_CACHE)/.lock
	flock 9
	for core in $(CORES); do
		case $$core in
			219) py="$(PY311)"; spec="$(SPEC_219) $(TOOLS) $(LINT_TOOLS)"; extra="$(EXTRA_TOOLS_219)";;
			221) py="$(PY313)"; spec="$(SPEC_221) $(TOOLS)"; extra="$(EXTRA_TOOLS_221)";;
		esac
		key=$$(echo "$$("$$py" -V) $$spec $$extra" | md5sum | cut -c1-8)
		venv=$(VENV_CACHE)/core$$core-$$key
		if [ ! -f "$$venv/.complete" ]; then
			rm -rf "$$venv"
			"$$py" -m venv "$$venv"
			"$$venv/bin/pip" install -q --upgrade pip
			"$$venv/bin/pip" install -q $$spec
			"$$venv/bin/pip" install -q $$extra
			touch "$$venv/.complete"
		fi
		link=$(ROOT)/.venv/core$$core
		if [ -e "$$link" ] && [ ! -L "$$link" ]; then rm -rf "$$link"; fi
		ln -sfn "$$venv" "$$link"
		find $(VENV_CACHE) -mindepth 1 -maxdepth 1 -name "core$$core-*" ! -name "core$$core-$$key" -exec rm -rf {} +
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
	# the service roles share their plumbing (roles/common): at most 30 lines of their tasks repeat another's
	$(VENV)/bin/python $(ROOT)/hacking/role_duplication.py --max 30

changelog-lint: tree
	cd $(COLL) && $(VENV)/bin/antsibull-changelog lint

# Build the tarball and install it exactly as README's "Install" block tells an operator (that block,
# run as it is in a copy of the collection) for a fresh user whose only other collections are those of
# the venv's ansible package; then use it: ansible-doc of every module and filter, a module, a filter.
COLL_VERSION = $(shell sed -n 's/^version: *//p' $(ROOT)/galaxy.yml)
build-test: tree
	work=$$(mktemp -d)
	trap 'rm -rf "$$work"' EXIT
	mkdir -p "$$work/src" "$$work/home"
	rsync -a --exclude /.git --exclude /tests/output $(COLL)/ "$$work/src/"
	# the first sh block after the heading "## Install"
	awk '/^## Install$$/ {s=1; next} s==1 && /^```sh$$/ {s=2; next} s==2 && /^```$$/ {exit} s==2' $(ROOT)/README.md > "$$work/install.sh"
	grep -qx 'ansible-galaxy collection install --offline multiarch-openstack-$(COLL_VERSION).tar.gz' "$$work/install.sh" \
		|| { echo "README's Install block does not install multiarch-openstack-$(COLL_VERSION).tar.gz offline" >&2; exit 1; }
	unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS ANSIBLE_HOME ANSIBLE_CONFIG
	export HOME="$$work/home" PATH="$(VENV)/bin:$$PATH"
	echo "build-test: $$(ansible --version | sed -n 1p), ansible $$(pip show ansible | sed -n 's/^Version: //p')"
	(cd "$$work/src" && bash -eux -o pipefail "$$work/install.sh")
	tarball="$$work/src/multiarch-openstack-$(COLL_VERSION).tar.gz"
	echo "built $$tarball ($$(du -k "$$tarball" | cut -f1) KiB)"
	if tar -tzf "$$tarball" | grep -E '^(\./)?(\.venv|\.build|\.git|tests|hacking|benchmarks|execution-environment\.yml|ee)(/|$$)|(^|/)__pycache__(/|$$)'; then
		echo "the tarball contains files that are not the collection" >&2; exit 1
	fi
	installed="$$HOME/.ansible/collections/ansible_collections/multiarch/openstack"
	grep -q '"version": "$(COLL_VERSION)"' "$$installed/MANIFEST.json"
	ansible-galaxy collection list multiarch.openstack | grep -q "^multiarch.openstack *$(COLL_VERSION)"
	cd "$$work"
	ansible-doc multiarch.openstack.libvirt_cpu | grep -q 'virt_type'
	for m in $(ROOT)/plugins/modules/*.py; do ansible-doc -t module "multiarch.openstack.$$(basename $$m .py)" >/dev/null; done
	for f in $(ROOT)/plugins/filter/*.yml; do ansible-doc -t filter "multiarch.openstack.$$(basename $$f .yml)" >/dev/null; done
	ansible-doc -t role multiarch.openstack.lab >/dev/null
	ansible localhost -c local -m multiarch.openstack.arch_facts -a gather_libvirt=false | grep -q "\"architecture\": \"$$(uname -m)\""
	ansible localhost -c local -m ansible.builtin.debug \
		-a "msg={{ 'arm64' | multiarch.openstack.canonical_arch }}" | grep -q '"msg": "aarch64"'
	# the dependency collections the roles use resolve from the ansible package
	for p in community.mysql.mysql_user community.rabbitmq.rabbitmq_user openstack.cloud.endpoint community.general.ini_file community.crypto.x509_certificate; do
		ansible-doc -t module $$p >/dev/null
	done
	echo "build-test: README's install works with $$(ansible --version | sed -n 1p)"

# The execution environment: ansible-builder writes the build context (building the image needs a
# container registry); the context must hold the collection's tarball, its galaxy requirements, the
# Python and system requirements that the builder's own introspection finds in the installed collection.
ee: tree
	work=$$(mktemp -d)
	trap 'rm -rf "$$work"' EXIT
	rsync -a --exclude /.git --exclude /tests/output $(COLL)/ "$$work/src/"
	cd "$$work/src"
	$(VENV)/bin/ansible-galaxy collection build >/dev/null
	$(VENV)/bin/ansible-builder create --file execution-environment.yml --context "$$work/context" \
		--output-filename Containerfile -v 1
	ctx="$$work/context"
	test -s "$$ctx/_build/collections/multiarch-openstack-$(COLL_VERSION).tar.gz"
	grep -q 'collections/multiarch-openstack-$(COLL_VERSION).tar.gz' "$$ctx/_build/requirements.yml"
	grep -q '^ARG ANSIBLE_GALAXY_CLI_COLLECTION_OPTS="--offline"' "$$ctx/Containerfile"
	grep -q '^ARG ANSIBLE_INSTALL_REFS="ansible>=14,<15 ' "$$ctx/Containerfile"
	grep -q 'ansible-galaxy collection install .*-r requirements.yml' "$$ctx/Containerfile"
	# what the image's builder stage finds: the collection installed from the tarball, introspected (--force: a copy
	# installed in ~/.ansible/collections, by a manual ansible-lint for one, made the install do nothing)
	$(VENV)/bin/ansible-galaxy collection install --offline --no-deps --force -p "$$work/collections" \
		"$$ctx/_build/collections/multiarch-openstack-$(COLL_VERSION).tar.gz" >/dev/null
	$(VENV)/bin/python "$$ctx/_build/scripts/introspect.py" introspect "$$work/collections" \
		--write-pip "$$work/requirements.txt" --write-bindep "$$work/bindep.txt" >/dev/null
	for req in 'openstacksdk>=1.0.0,<4.11' 'netaddr>=0.10.1'; do
		grep -q "^$$req" "$$work/requirements.txt" || { echo "ee: $$req missing from the introspected Python requirements" >&2; exit 1; }
	done
	for pkg in 'libvirt-client \[platform:rpm\]' 'openssh-clients \[platform:rpm\]'; do
		grep -q "^$$pkg" "$$work/bindep.txt" || { echo "ee: $$pkg missing from the introspected system requirements" >&2; exit 1; }
	done
	# bindep reads the file, and its Debian name of libvirt's client is the package this machine has (debs)
	grep libvirt "$$work/src/bindep.txt" > "$$work/bindep-libvirt.txt"
	$(VENV)/bin/bindep -f "$$work/bindep-libvirt.txt" -b >/dev/null || { echo "ee: bindep.txt's libvirt client is not Debian's libvirt-clients" >&2; exit 1; }
	echo "ee: build context in order (Containerfile, tarball, requirements: $$(grep -v '^#' "$$work/requirements.txt" | sed 's/ *#.*//' | tr '\n' ' '))"

# The documentation site: every module, filter and role entry point (antsibull-docs) and the guides of
# docs/ (Markdown, myst-parser), rendered by Sphinx. References into other collections' and Ansible's
# own docs need their inventories from the network, so only those warnings are let through.
DOCS := $(BUILD)/docs
docs: tree
	rm -rf $(DOCS)
	mkdir -m 755 -p $(DOCS)
	export PATH=$(VENV)/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(BUILD) ANSIBLE_HOME=$(BUILD)/ansible-home
	antsibull-docs sphinx-init --use-current --fail-on-error --dest-dir $(DOCS) \
		--index-rst-source $(COLL)/docs/docsite/site-index.rst --project multiarch.openstack \
		--title multiarch.openstack --html-short-title multiarch.openstack \
		--copyright 'multiarch.openstack contributors' multiarch.openstack >/dev/null
	cd $(DOCS)
	printf '%s\n' "extensions.append('myst_parser')" "intersphinx_mapping = {}" >> conf.py
	chmod og-w rst
	antsibull-docs collection --fail-on-error --use-current --dest-dir rst multiarch.openstack >/dev/null
	# the guides; their links to repository files outside docs/ point to the repository
	mkdir rst/guides
	repo=$$(sed -n 's/^repository: *//p' $(ROOT)/galaxy.yml)
	for g in $(COLL)/docs/*.md; do
		sed -E "s#\]\(\.\./([^)]*)\)#]($$repo/blob/main/\1)#g" "$$g" > rst/guides/$$(basename $$g)
	done
	sphinx-build -M html rst build -c . -q -w warnings.log --keep-going
	if grep -v -E "undefined label: '(ansible_collections\.(ansible|community|openstack)\.[a-z_.]+|common_return_values|ansible_configuration_settings)'" warnings.log | grep .; then
		echo "docs: Sphinx warnings above" >&2; exit 1
	fi
	for m in $(ROOT)/plugins/modules/*.py; do test -s build/html/collections/multiarch/openstack/$$(basename $$m .py)_module.html; done
	for f in $(ROOT)/plugins/filter/*.yml; do test -s build/html/collections/multiarch/openstack/$$(basename $$f .yml)_filter.html; done
	for r in $(ROOT)/roles/*/meta/argument_specs.yml; do r=$${r%/meta/argument_specs.yml}; test -s build/html/collections/multiarch/openstack/$${r##*/}_role.html; done
	for g in $(ROOT)/docs/*.md; do test -s build/html/guides/$$(basename $$g .md).html; done
	for g in $(ROOT)/docs/*.md; do grep -q "guides/$$(basename $$g .md).html" build/html/index.html; done
	echo "docs: $$(find build/html -name '*.html' | wc -l) pages in $(DOCS)/build/html (open index.html)"

docs-lint: tree
	cd $(COLL) && PATH=$(VENV)/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(BUILD) ANSIBLE_HOME=$(BUILD)/ansible-home \
		$(VENV)/bin/antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs dependent .

# Molecule scenarios on real lab hosts; afterwards nothing of the scenario's lab may remain.
#   default       x86_64, aarch64 and ppc64le hosts: the modules
#   controlplane  an x86_64 controller: multiarch.openstack.site's control plane
SCENARIOS ?= default mixed
molecule: tree
	for scenario in $(SCENARIOS); do
		t=$$(date +%s)
		# what failed is repeated after the destroy step's output: the verifier's JUnit report, molecule's output;
		# the verifier prints its slowest tests (where a scenario's time goes)
		report=$(BUILD)/molecule-$$scenario
		rm -f $$report-verify.xml $$report-output.log
		# an Ansible home per scenario: molecule installs the collection into it as it starts, which must not
		# happen under another scenario's running playbooks (make test runs two scenarios at once)
		if ! (cd $(COLL) && PATH=$(VENV)/bin:$$PATH ANSIBLE_HOME=$(BUILD)/ansible-home-$$scenario ANSIBLE_COLLECTIONS_PATH=$(BUILD) \
			PYTEST_ADDOPTS="--junitxml=$$report-verify.xml --durations=12" $(VENV)/bin/molecule test -s $$scenario) 2>&1 \
			| tee $$report-output.log; then
			$(VENV)/bin/python $(ROOT)/hacking/molecule_failures.py $$report-verify.xml $$report-output.log
			exit 1
		fi
		$(ROOT)/tests/lab/check_clean.sh --vars $(ROOT)/molecule/$$scenario/vars/lab.yml \
			$$($(VENV)/bin/python -c 'import sys, yaml; print(" ".join(p["name"] for p in yaml.safe_load(open(sys.argv[1]))["platforms"]))' \
				$(ROOT)/molecule/$$scenario/molecule.yml)
		echo "molecule: scenario $$scenario took $$(( $$(date +%s) - t ))s"
	done

# The default scenario (lab_up's role, the modules, lab_down's) under ansible-core 2.21, as make test runs it:
# 308 s here with the userlands cached.
.PHONY: molecule-221
molecule-221:
	$(MAKE) --no-print-directory CORE=221 SCENARIOS=default molecule

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

# The support report of the default lab's cloud (multiarch.openstack.report, docs/report.md):
# ~/.local/state/multiarch-openstack/report/report.html, report.md and report.json
.PHONY: report
report: tree
	cd $(COLL) && ANSIBLE_COLLECTIONS_PATH=$(BUILD) $(ROOT)/.venv/core219/bin/ansible-playbook -i $(LAB_INVENTORY) playbooks/report.yml

# Tempest once per architecture on the default lab's cloud (multiarch.openstack.tempest, docs/tempest.md),
# then its feature matrix in docs/tempest-matrix.md (also when some test failed). Not part of `make test`:
# it takes too long for CI. TEMPEST_ARGS passes more to ansible-playbook (-e tempest_run_seconds=5400).
.PHONY: tempest
TEMPEST_ARGS ?=
TEMPEST_STATE := $(HOME)/.local/state/multiarch-openstack/tempest
tempest: tree
	start=$$(date +%s); status=0
	cd $(COLL) && ANSIBLE_COLLECTIONS_PATH=$(BUILD) $(ROOT)/.venv/core219/bin/ansible-playbook -i $(LAB_INVENTORY) \
		playbooks/tempest.yml -e tempest_workdir=$(TEMPEST_STATE) $(TEMPEST_ARGS) || status=$$?
	if [ -f $(TEMPEST_STATE)/results.json ]; then
		$(ROOT)/.venv/core219/bin/python $(ROOT)/roles/tempest/files/tempest_report.py matrix \
			--results $(TEMPEST_STATE)/results.json --exclude-file $(ROOT)/roles/tempest/files/exclude.txt \
			--output $(ROOT)/docs/tempest-matrix.md
	fi
	echo "make tempest: $$(( $$(date +%s) - start ))s, playbook exit status $$status; matrix in docs/tempest-matrix.md"
	exit $$status

# The lab's service logs: greenlet errors, missed AMQP heartbeats, connection resets (after make tempest)
.PHONY: log-scan
log-scan:
	$(ROOT)/tests/lab/log_scan.sh $(dir $(LAB_INVENTORY))

# Faults an operator meets, on the default lab's converged cloud (make demo first): site --check --diff
# changes nothing, a catalog without an architecture's image stops site before any host changes, a
# controller unreachable mid-run and a SIGKILL mid-run are followed by re-runs that converge, then validate
# (tests/lab/faults.sh; FAULTS="check sigkill" runs some). Not part of `make test`: about 30 minutes.
.PHONY: faults
faults: tree
	cd $(COLL) && PATH=$(ROOT)/.venv/core219/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(BUILD) \
		LAB_INVENTORY=$(LAB_INVENTORY) $(ROOT)/tests/lab/faults.sh $(FAULTS)

# Live migration within the aarch64 group (tests/lab/migrate.sh), on the default lab's converged cloud (make demo
# first): a second aarch64 host with another CPU joins with site --limit, libvirt_cpu's common model is printed, an
# aarch64 guest with a port live-migrates to it over libvirt's TLS, a migration to an x86_64 host is refused, and
# retire_compute moves the guest back. Not part of `make test`: about 20 minutes.
.PHONY: migrate
migrate: tree
	cd $(COLL) && PATH=$(ROOT)/.venv/core219/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(BUILD) \
		LAB_INVENTORY=$(LAB_INVENTORY) MIGRATE_COLLECTION=$(COLL) $(ROOT)/tests/lab/migrate.sh

lab-down: venvs tree
	cd $(COLL) && ANSIBLE_COLLECTIONS_PATH=$(BUILD) $(ROOT)/.venv/core219/bin/ansible-playbook playbooks/lab_down.yml

clean:
	rm -rf $(BUILD) $(ROOT)/.venv
