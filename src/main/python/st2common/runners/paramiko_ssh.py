"""``ParamikoSSHClient`` as pack code imports it: connect, run a command, close (paramiko must be installed)."""


class ParamikoSSHClient(object):
    def __init__(self, hostname, port=22, username=None, password=None, bastion_host=None, key_files=None,
                 key_material=None, timeout=None, passphrase=None, handle_stdout_line_func=None,
                 handle_stderr_line_func=None):
        self.hostname = hostname
        self.port = int(port or 22)
        self.username = username
        self.password = password
        self.key_files = key_files
        self.passphrase = passphrase
        self.timeout = timeout
        self.client = None

    def connect(self):
        import paramiko

        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        client.connect(hostname=self.hostname, port=self.port, username=self.username, password=self.password,
                       key_filename=self.key_files, passphrase=self.passphrase, timeout=self.timeout,
                       allow_agent=False, look_for_keys=False)
        self.client = client
        return True

    def run(self, cmd, timeout=None):
        """Runs ``cmd``; returns ``(stdout, stderr, exit_status)``."""
        if self.client is None:
            self.connect()
        _, stdout, stderr = self.client.exec_command(cmd, timeout=timeout)
        status = stdout.channel.recv_exit_status()
        return stdout.read().decode("utf-8", "replace"), stderr.read().decode("utf-8", "replace"), status

    def close(self):
        if self.client is not None:
            self.client.close()
            self.client = None
        return True
